// The Mastodon API entities the web app reads, trimmed to the fields it uses.
// Shapes follow docs.joinmastodon.org (and Phare's views/*.ts).

export type Visibility = 'public' | 'unlisted' | 'private' | 'direct'

export interface Field { name: string; value: string; verified_at: string | null }

export interface Account {
  id: string
  username: string
  acct: string
  display_name: string
  locked: boolean
  bot: boolean
  created_at: string
  note: string
  url: string
  avatar: string
  avatar_static: string
  header: string
  header_static: string
  followers_count: number
  following_count: number
  statuses_count: number
  last_status_at: string | null
  fields: Field[]
}

/** The signed-in person's own account, with the editable source of the profile. */
export interface CredentialAccount extends Account {
  source: { privacy: Visibility; sensitive: boolean; language: string | null; note: string; fields: Field[]; follow_requests_count: number }
  /** Mastodon's role: its name is `admin` for the server's administrators */
  role?: { name: string }
}

export interface Poll {
  id: string
  expires_at: string | null
  expired: boolean
  multiple: boolean
  votes_count: number
  voters_count: number | null
  options: { title: string; votes_count: number | null }[]
  voted?: boolean
  own_votes?: number[]
}

export interface MediaMeta { width?: number; height?: number; size?: string; aspect?: number }

/** An attached image (or video); `url` is null while the server is still processing it. */
export interface MediaAttachment {
  id: string
  type: 'image' | 'gifv' | 'video' | 'audio' | 'unknown'
  url: string | null
  preview_url: string | null
  remote_url: string | null
  meta: { original?: MediaMeta | null; small?: MediaMeta | null; focus?: { x: number | null; y: number | null } | null } | null
  description: string | null
  blurhash: string | null
}

/** A link preview built by the server from a page's OpenGraph tags (its `html` is never rendered). */
export interface PreviewCard {
  url: string
  title: string
  description: string
  type: string
  author_name: string
  provider_name: string
  image: string | null
  width: number
  height: number
  blurhash: string | null
  image_description?: string
}

export interface Status {
  id: string
  url: string
  created_at: string
  edited_at: string | null
  account: Account
  content: string
  visibility: Visibility
  sensitive: boolean
  spoiler_text: string
  mentions: { id: string; username: string; acct: string; url: string }[]
  tags: { name: string; url: string }[]
  reblogs_count: number
  favourites_count: number
  replies_count: number
  quotes_count?: number
  in_reply_to_id: string | null
  in_reply_to_account_id: string | null
  reblog: Status | null
  quote?: { state: string; quoted_status: Status | null } | null
  poll: Poll | null
  media_attachments?: MediaAttachment[]
  card?: PreviewCard | null
  language: string | null
  favourited?: boolean
  reblogged?: boolean
  bookmarked?: boolean
  muted?: boolean
  pinned?: boolean
}

export interface Context { ancestors: Status[]; descendants: Status[] }

export type NotificationType = 'mention' | 'status' | 'reblog' | 'follow' | 'follow_request' | 'favourite' | 'poll' | 'update' | 'quote'

export interface Notification {
  id: string
  type: NotificationType
  created_at: string
  account: Account
  status?: Status
}

export interface Relationship {
  id: string
  following: boolean
  followed_by: boolean
  blocking: boolean
  blocked_by: boolean
  muting: boolean
  requested: boolean
  requested_by: boolean
}

export interface Tag { name: string; url: string; history?: { day: string; uses: string; accounts: string }[]; following?: boolean }

export interface SearchResults { accounts: Account[]; statuses: Status[]; hashtags: Tag[] }

export interface Instance {
  domain: string
  title: string
  description: string
  registrations: { enabled: boolean; approval_required: boolean; message?: string | null }
  configuration: {
    statuses: { max_characters: number; characters_reserved_per_url: number; max_media_attachments?: number }
    media_attachments?: { supported_mime_types: string[]; image_size_limit: number; description_limit?: number }
    polls: { max_options: number; max_characters_per_option: number; min_expiration: number; max_expiration: number }
  }
}

/** One live access token of the signed-in account (Phare's /api/v1/phare/sessions). */
export interface Session {
  id: string
  app: { name: string; website: string | null }
  scopes: string[]
  created_at: string
  last_used_at: string | null
  current: boolean
}
