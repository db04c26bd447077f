// What this server tells clients about itself: names, limits and figures.
import type { AppContext } from '../../context.ts'
import { localDomain } from '../../config.ts'
import type { AccountRow } from '../../views/account.ts'
import { activeUsers, contactAccountId, localPostCount, userCount } from './stats.ts'

/** Phare's own version. */
export const PHARE_VERSION = '0.1.0'
/**
 * The Mastodon version we claim. Clients feature-detect by it, and 4.3's features
 * (grouped notifications, …) are not implemented yet, so we say 4.2.
 */
export const MASTODON_VERSION = `4.2.0 (compatible; Phare ${PHARE_VERSION})`
/** api_versions.mastodon: 4.3.0 introduced 2; we stay below it, as for the version string. */
export const MASTODON_API_VERSION = 1
export const SOURCE_URL = 'https://github.com/phare-social/phare'

/** Limits clients read to shape their compose box and uploads. */
export function limits(ctx: AppContext) {
  return {
    maxCharacters: ctx.config.postMaxChars,
    maxMediaAttachments: 4,
    charactersReservedPerUrl: 23,
    maxFeaturedTags: 10,
    maxPinnedStatuses: 5,
    pollMaxOptions: ctx.config.pollMaxOptions,
    pollMaxCharsPerOption: ctx.config.pollMaxCharsPerOption,
    pollMinExpiration: 300,
    pollMaxExpiration: 2_629_746,
    imageMimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif', 'image/heic', 'image/heif'],
    imageSizeLimit: 16 * 1024 * 1024,
    imageMatrixLimit: 33_177_600,
    videoSizeLimit: 99 * 1024 * 1024,
    videoMatrixLimit: 8_294_400,
    videoFrameRateLimit: 120,
    descriptionLimit: 1500,
    maxDisplayNameLength: 30,
    maxNoteLength: 500,
    maxProfileFields: 4,
    profileFieldNameLimit: 255,
    profileFieldValueLimit: 255,
  }
}

export type Limits = ReturnType<typeof limits>

/** Everything the instance endpoints render. */
export interface InstanceInfo {
  domain: string
  title: string
  description: string
  publicUrl: string
  contactEmail: string
  contactAccount: AccountRow | null
  registrations: AppContext['config']['registrations']
  users: number
  activeMonth: number
  statuses: number
  limits: Limits
}

const DAY = 86_400_000

/** Gathers the instance information (a handful of counting queries). */
export async function instanceInfo(ctx: AppContext, now = Date.now()): Promise<InstanceInfo> {
  const [users, activeMonth, statuses, contactId] = await Promise.all([
    userCount(ctx), activeUsers(ctx, now - 30 * DAY), localPostCount(ctx), contactAccountId(ctx),
  ])
  const contactAccount = contactId === null ? null
    : (await ctx.db.selectFrom('accounts').selectAll().where('id', '=', contactId).executeTakeFirst()) ?? null
  return {
    domain: localDomain(ctx.config),
    title: ctx.config.instanceTitle,
    description: ctx.config.instanceDescription,
    publicUrl: ctx.config.publicUrl,
    contactEmail: ctx.config.contactEmail,
    contactAccount,
    registrations: ctx.config.registrations,
    users, activeMonth, statuses,
    limits: limits(ctx),
  }
}

/** The message shown when sign-ups are closed or need approval; null when open, as Mastodon does. */
export function registrationMessage(mode: InstanceInfo['registrations']): string | null {
  if (mode === 'closed') return 'Registrations are closed on this server.'
  if (mode === 'approval') return 'Sign-ups on this server are reviewed by an administrator before the account can be used.'
  return null
}
