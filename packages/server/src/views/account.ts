import type { AppContext } from '../context.ts'
import type { AccountsTable } from '../storage/schema.ts'
import { localDomain } from '../config.ts'
import { escapeHtml, iso } from './html.ts'
import { accountRows } from '../storage/cache/load.ts'

export type AccountRow = AccountsTable

/** Mastodon's Account entity. */
export interface AccountJson {
  id: string
  username: string
  acct: string
  display_name: string
  locked: boolean
  bot: boolean
  discoverable: boolean
  indexable: boolean
  group: boolean
  hide_collections: boolean
  noindex: boolean
  created_at: string
  note: string
  url: string
  uri: string
  avatar: string
  avatar_static: string
  header: string
  header_static: string
  followers_count: number
  following_count: number
  statuses_count: number
  last_status_at: string | null
  emojis: never[]
  fields: { name: string; value: string; verified_at: string | null }[]
  roles: never[]
  suspended?: boolean
}

/** Renders a profile's plain-text bio as the HTML Mastodon clients display. */
export function noteHtml(note: string): string {
  if (!note) return ''
  return note.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br />')}</p>`).join('')
}

/** Renders one account. Pure: everything it needs is in the row. */
export function renderAccount(ctx: Pick<AppContext, 'config' | 'media'>, a: AccountRow): AccountJson {
  const base = ctx.config.publicUrl
  const fields = (JSON.parse(a.fields || '[]') as { name: string; value: string; verified_at?: string | null }[])
    .map((f) => ({ name: escapeHtml(f.name), value: escapeHtml(f.value), verified_at: f.verified_at ?? null }))
  // Mastodon midnight-truncates created_at for privacy; clients only show the date.
  const created = new Date(a.created_at)
  created.setUTCHours(0, 0, 0, 0)
  const avatar = a.avatar_key ? ctx.media.urlOf(a.avatar_key) : a.avatar_url ?? `${base}/avatars/original/missing.png`
  const header = a.header_key ? ctx.media.urlOf(a.header_key) : a.header_url ?? `${base}/headers/original/missing.png`
  return {
    id: String(a.id),
    username: a.username,
    acct: a.username,
    display_name: a.display_name,
    locked: !!a.locked,
    bot: !!a.bot,
    discoverable: !!a.discoverable,
    indexable: !!a.discoverable,
    group: false,
    hide_collections: false,
    noindex: false,
    created_at: created.toISOString(),
    note: noteHtml(a.note),
    url: `${base}/@${a.username}`,
    uri: `${base}/users/${a.username}`,
    avatar, avatar_static: avatar,
    header, header_static: header,
    followers_count: a.followers_count,
    following_count: a.following_count,
    statuses_count: a.statuses_count,
    last_status_at: a.last_status_at ? iso(a.last_status_at).slice(0, 10) : null,
    emojis: [],
    fields,
    roles: [],
  }
}

// A cached row is replaced, never changed, when its account changes: its rendering can be kept beside it.
const rendered = new WeakMap<AccountRow, AccountJson>()

/** The rendering of a cached row, made once and shared (frozen: callers copy, never change it). */
export function cachedAccountJson(ctx: Pick<AppContext, 'config' | 'media'>, row: AccountRow): AccountJson {
  let json = rendered.get(row)
  if (!json) { json = Object.freeze(renderAccount(ctx, row)); rendered.set(row, json) }
  return json
}

/** Loads and renders accounts by id (through the cache), keyed by id. */
export async function loadAccounts(ctx: AppContext, ids: Iterable<number>): Promise<Map<number, AccountJson>> {
  const rows = await accountRows(ctx, ids)
  const out = new Map<number, AccountJson>()
  for (const [id, r] of rows) out.set(id, cachedAccountJson(ctx, r))
  return out
}

/** The acct: handle of a local account, with the domain. */
export const fullAcct = (ctx: Pick<AppContext, 'config'>, username: string) => `${username}@${localDomain(ctx.config)}`
