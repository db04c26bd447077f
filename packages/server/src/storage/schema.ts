// Kysely table types: the one source of truth for the database's shape.
// Portable across SQLite and PostgreSQL: ids and times are 64-bit integers
// (times in milliseconds since the epoch), booleans are 0/1 integers, and
// structured values are JSON text.


type Bool = number

export interface AccountsTable {
  id: number
  username: string
  /** lower-cased username: the unique key, so "Alice" and "alice" cannot both exist */
  username_key: string
  display_name: string
  note: string
  locked: Bool
  bot: Bool
  discoverable: Bool
  /** JSON: [{ name, value, verified_at }] */
  fields: string
  avatar_url: string | null
  header_url: string | null
  /** media-store keys of an uploaded avatar and header (migration 0010); win over the URLs */
  avatar_key: string | null
  header_key: string | null
  created_at: number
  last_status_at: number | null
  statuses_count: number
  followers_count: number
  following_count: number
  suspended: Bool
}

export interface UsersTable {
  id: number
  account_id: number
  email: string
  password_hash: string
  role: 'user' | 'moderator' | 'admin'
  approved: Bool
  confirmed: Bool
  confirmation_token: string | null
  reset_token_hash: string | null
  reset_expires_at: number | null
  locale: string
  /** why the person asked to join, when registrations need approval */
  reason: string | null
  created_at: number
  /** posting defaults shown in CredentialAccount.source (migration 0002) */
  default_privacy: 'public' | 'unlisted' | 'private' | 'direct'
  default_sensitive: Bool
  default_language: string | null
}

/** A signed-in browser on the OAuth pages (migration 0002). */
export interface WebSessionsTable {
  /** sha256 of the random session id kept in the cookie, hex */
  id_hash: string
  user_id: number
  csrf_token: string
  created_at: number
  expires_at: number
}

export interface AppsTable {
  id: number
  name: string
  website: string | null
  /** newline-separated */
  redirect_uris: string
  scopes: string
  client_id: string
  client_secret: string
  /** first-party apps (the web app, apps an admin marks trusted) are never subject to API plans */
  trusted: Bool
  created_at: number
  /** the app's API plan (migration 0012); null means the configured default plan */
  plan: string | null
  /** who registered it on the developer page; null for apps registered through POST /api/v1/apps */
  owner_account_id: number | null
}

/** Requests of an app per hour (migration 0012), added in batches. */
export interface AppUsageTable {
  app_id: number
  /** start of the hour, ms */
  hour: number
  requests: number
}

export interface OauthCodesTable {
  /** sha256 of the code, hex */
  code_hash: string
  app_id: number
  account_id: number
  scopes: string
  redirect_uri: string
  code_challenge: string | null
  code_challenge_method: string | null
  expires_at: number
  used: Bool
}

export interface AccessTokensTable {
  id: number
  /** sha256 of the token, hex: a leaked database does not leak usable tokens */
  token_hash: string
  app_id: number
  account_id: number | null
  scopes: string
  created_at: number
  last_used_at: number | null
  revoked: Bool
}

export interface StatusesTable {
  id: number
  account_id: number
  /** the source text as written */
  text: string
  /** rendered HTML */
  content: string
  spoiler_text: string
  visibility: 'public' | 'unlisted' | 'private' | 'direct'
  sensitive: Bool
  language: string | null
  in_reply_to_id: number | null
  in_reply_to_account_id: number | null
  reblog_of_id: number | null
  quote_of_id: number | null
  /** the root of the thread, for context queries */
  conversation_id: number
  poll_id: number | null
  created_at: number
  edited_at: number | null
  deleted_at: number | null
  replies_count: number
  reblogs_count: number
  favourites_count: number
  quotes_count: number
  /** the OAuth app the post was written with (migration 0003) */
  application_id: number | null
  /** JSON array of attached media ids, in order (migration 0010) */
  media_ids: string | null
  /** the link preview card (migration 0010) */
  card_id: number | null
}

/** A person who muted notifications from one thread (migration 0003). */
export interface ConversationMutesTable {
  account_id: number
  conversation_id: number
}

export interface StatusEditsTable {
  id: number
  status_id: number
  text: string
  content: string
  spoiler_text: string
  sensitive: Bool
  /** JSON array of option titles, or null */
  poll_options: string | null
  created_at: number
}

export interface MentionsTable {
  status_id: number
  account_id: number
}

export interface TagsTable {
  id: number
  /** lower-cased: the unique key */
  name: string
  /** as first written */
  display_name: string
  created_at: number
}

export interface StatusTagsTable {
  status_id: number
  tag_id: number
}

export interface FavouritesTable { id: number; account_id: number; status_id: number }
export interface BookmarksTable { id: number; account_id: number; status_id: number }
export interface PinsTable { id: number; account_id: number; status_id: number }

export interface PollsTable {
  id: number
  status_id: number
  account_id: number
  /** JSON array of option titles */
  options: string
  /** JSON array of vote counts, index-aligned with options */
  votes: string
  multiple: Bool
  hide_totals: Bool
  expires_at: number | null
  votes_count: number
  voters_count: number
  /** set once the poll-ended notifications were sent */
  ended_notified: Bool
}

export interface PollVotesTable {
  id: number
  poll_id: number
  account_id: number
  choice: number
}

export interface FollowsTable {
  id: number
  account_id: number
  target_account_id: number
  show_reblogs: Bool
  notify: Bool
  created_at: number
  /** JSON array of ISO 639-1 codes the follower wants, null for all (migration 0004) */
  languages: string | null
}

export interface FollowRequestsTable {
  id: number
  account_id: number
  target_account_id: number
  show_reblogs: Bool
  notify: Bool
  created_at: number
  /** JSON array of ISO 639-1 codes the follower wants, null for all (migration 0004) */
  languages: string | null
}

export interface BlocksTable { id: number; account_id: number; target_account_id: number; created_at: number }

export interface MutesTable {
  id: number
  account_id: number
  target_account_id: number
  hide_notifications: Bool
  expires_at: number | null
  created_at: number
}

/** One row per (reader, post) in a person's home timeline, written by the fan-out job. */
export interface HomeFeedTable {
  account_id: number
  status_id: number
  /** author of the entry (the reposter for a repost), so unfollow can remove entries */
  author_id: number
}

export interface NotificationsTable {
  id: number
  account_id: number
  from_account_id: number
  type: 'mention' | 'status' | 'reblog' | 'follow' | 'follow_request' | 'favourite' | 'poll' | 'update' | 'quote'
  status_id: number | null
  created_at: number
  /** dedupe key, so a retried job never notifies twice */
  dedupe_key: string
}

export interface MarkersTable {
  account_id: number
  timeline: 'home' | 'notifications'
  last_read_id: number
  version: number
  updated_at: number
}

export interface IdempotencyKeysTable {
  account_id: number
  key: string
  status_id: number
  created_at: number
}

export interface JobsTable {
  id: number
  type: string
  /** JSON */
  payload: string
  run_at: number
  attempts: number
  locked_until: number | null
  last_error: string | null
  created_at: number
}

/** A person's list of accounts they follow (migration 0006). */
export interface ListsTable {
  id: number
  account_id: number
  title: string
  replies_policy: 'followed' | 'list' | 'none'
  /** posts from members are left out of the home timeline */
  exclusive: Bool
  created_at: number
}

/** A member of a list (migration 0006). */
export interface ListAccountsTable {
  id: number
  list_id: number
  account_id: number
  created_at: number
}

/** One failed sign-in (migration 0007); rows older than the throttle's window are deleted as new ones come. */
export interface SignInFailuresTable {
  id: number
  /** `account:<lower-cased e-mail>` or `ip:<address>` */
  key: string
  created_at: number
}

export interface Database {
  accounts: AccountsTable
  users: UsersTable
  apps: AppsTable
  app_usage: AppUsageTable
  oauth_codes: OauthCodesTable
  web_sessions: WebSessionsTable
  access_tokens: AccessTokensTable
  statuses: StatusesTable
  status_edits: StatusEditsTable
  conversation_mutes: ConversationMutesTable
  mentions: MentionsTable
  tags: TagsTable
  status_tags: StatusTagsTable
  favourites: FavouritesTable
  bookmarks: BookmarksTable
  pins: PinsTable
  polls: PollsTable
  poll_votes: PollVotesTable
  follows: FollowsTable
  follow_requests: FollowRequestsTable
  blocks: BlocksTable
  mutes: MutesTable
  home_feed: HomeFeedTable
  notifications: NotificationsTable
  markers: MarkersTable
  idempotency_keys: IdempotencyKeysTable
  jobs: JobsTable
  lists: ListsTable
  list_accounts: ListAccountsTable
  sign_in_failures: SignInFailuresTable
  media_attachments: MediaAttachmentsTable
  media_uploads: MediaUploadsTable
  preview_cards: PreviewCardsTable
  rooms: RoomsTable
  room_members: RoomMembersTable
  room_reminders: RoomRemindersTable
  shared_secrets: SharedSecretsTable
}

/** An uploaded image (migration 0010): `processing` until its renditions are in the media store. */
export interface MediaAttachmentsTable {
  id: number
  account_id: number
  status_id: number | null
  type: 'image' | 'unknown'
  state: 'processing' | 'ready' | 'failed'
  error: string | null
  description: string
  focus_x: number
  focus_y: number
  original_mime: string
  original_width: number
  original_height: number
  original_size: number
  file_key: string | null
  file_width: number | null
  file_height: number | null
  file_size: number | null
  small_key: string | null
  small_width: number | null
  small_height: number | null
  small_size: number | null
  blurhash: string | null
  created_at: number
  updated_at: number
}

/** The uploaded bytes of a media attachment, until it is processed (migration 0010). */
export interface MediaUploadsTable {
  media_id: number
  bytes: Buffer
}

/** A link preview, one per URL, shared by every post that links it (migration 0010). */
export interface PreviewCardsTable {
  id: number
  url: string
  type: 'link' | 'photo' | 'video' | 'rich'
  title: string
  description: string
  author_name: string
  author_url: string
  provider_name: string
  provider_url: string
  /** sanitised: empty, or one sandboxed https iframe */
  html: string
  width: number
  height: number
  embed_url: string
  language: string | null
  published_at: number | null
  image_key: string | null
  image_width: number | null
  image_height: number | null
  image_description: string
  blurhash: string | null
  fetched_at: number
}

/** A live audio room (migration 0011). */
export interface RoomsTable {
  id: number
  host_account_id: number
  title: string
  description: string
  /** JSON array of at most 3 tags */
  topics: string
  state: 'scheduled' | 'live' | 'ended'
  scheduled_at: number | null
  started_at: number | null
  ended_at: number | null
  /** random per start; segment and playlist URLs carry it */
  broadcast_id: string | null
  /** the post announcing the room */
  status_id: number | null
  pinned_status_id: number | null
  replay_deleted_at: number | null
  created_at: number
}

/** Someone with a part in a room (migration 0011); plain listeners have no row. */
export interface RoomMembersTable {
  room_id: number
  account_id: number
  role: 'host' | 'cohost' | 'speaker' | 'listener'
  hand_raised_at: number | null
  muted: Bool
  invited_at: number | null
  invited_role: 'speaker' | 'cohost' | null
  blocked: Bool
}

/** Someone to notify when a room starts (migration 0011). */
export interface RoomRemindersTable {
  room_id: number
  account_id: number
  created_at: number
}

/** Secrets every node of one Phare shares (storage/shared-secrets.ts). */
export interface SharedSecretsTable {
  name: string
  value: string
  created_at: number
}
