// The Instance (v2) and V1_Instance entities.
import type { AppContext } from '../context.ts'
import { renderAccount } from './account.ts'
import { MASTODON_API_VERSION, MASTODON_VERSION, SOURCE_URL, registrationMessage, type InstanceInfo } from '../services/instance/info.ts'

const streamingUrl = (publicUrl: string) => publicUrl.replace(/^http/, 'ws')
const thumbnailUrl = (publicUrl: string) => `${publicUrl}/headers/original/missing.png`

function configuration(i: InstanceInfo) {
  const l = i.limits
  return {
    statuses: { max_characters: l.maxCharacters, max_media_attachments: l.maxMediaAttachments, characters_reserved_per_url: l.charactersReservedPerUrl },
    media_attachments: {
      supported_mime_types: l.imageMimeTypes,
      description_limit: l.descriptionLimit,
      image_size_limit: l.imageSizeLimit, image_matrix_limit: l.imageMatrixLimit,
      video_size_limit: l.videoSizeLimit, video_frame_rate_limit: l.videoFrameRateLimit, video_matrix_limit: l.videoMatrixLimit,
    },
    polls: {
      max_options: l.pollMaxOptions, max_characters_per_option: l.pollMaxCharsPerOption,
      min_expiration: l.pollMinExpiration, max_expiration: l.pollMaxExpiration,
    },
  }
}

/** GET /api/v2/instance */
export function renderInstance(ctx: AppContext, i: InstanceInfo) {
  const c = configuration(i)
  const l = i.limits
  return {
    domain: i.domain,
    title: i.title,
    // Phare's own field (the contract allows extra ones): whether writes are refused now, and why.
    phare_read_only: ctx.readOnly.view(),
    version: MASTODON_VERSION,
    source_url: SOURCE_URL,
    description: i.description,
    usage: { users: { active_month: i.activeMonth } },
    thumbnail: { url: thumbnailUrl(i.publicUrl), blurhash: null, versions: {} },
    icon: [],
    languages: ['en'],
    configuration: {
      urls: {
        streaming: streamingUrl(i.publicUrl),
        status: null,
        about: `${i.publicUrl}/about`,
        privacy_policy: `${i.publicUrl}/privacy-policy`,
        terms_of_service: null,
      },
      accounts: {
        max_featured_tags: l.maxFeaturedTags, max_pinned_statuses: l.maxPinnedStatuses,
        max_display_name_length: l.maxDisplayNameLength, max_note_length: l.maxNoteLength,
        max_profile_fields: l.maxProfileFields, profile_field_name_limit: l.profileFieldNameLimit, profile_field_value_limit: l.profileFieldValueLimit,
      },
      ...c,
      translation: { enabled: false },
      limited_federation: false,
    },
    registrations: {
      enabled: i.registrations !== 'closed',
      approval_required: i.registrations === 'approval',
      reason_required: i.registrations === 'approval' ? false : null,
      message: registrationMessage(i.registrations),
      min_age: null,
      url: null,
    },
    api_versions: { mastodon: MASTODON_API_VERSION },
    contact: {
      email: i.contactEmail,
      account: i.contactAccount ? renderAccount(ctx, i.contactAccount) : null,
    },
    rules: [],
  }
}

/** GET /api/v1/instance (deprecated by Mastodon, still called by many clients). */
export function renderInstanceV1(ctx: AppContext, i: InstanceInfo) {
  const c = configuration(i)
  return {
    uri: i.domain,
    title: i.title,
    phare_read_only: ctx.readOnly.view(),
    short_description: i.description,
    description: i.description,
    email: i.contactEmail,
    version: MASTODON_VERSION,
    urls: { streaming_api: streamingUrl(i.publicUrl) },
    stats: { user_count: i.users, status_count: i.statuses, domain_count: 0 },
    thumbnail: thumbnailUrl(i.publicUrl),
    languages: ['en'],
    registrations: i.registrations !== 'closed',
    approval_required: i.registrations === 'approval',
    invites_enabled: false,
    configuration: { accounts: { max_featured_tags: i.limits.maxFeaturedTags }, ...c },
    contact_account: i.contactAccount ? renderAccount(ctx, i.contactAccount) : null,
    rules: [],
  }
}
