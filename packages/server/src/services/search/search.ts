// Search: accounts by handle or name, hashtags by name, posts by URL.
// Full-text search of posts comes later; what is here never reveals anything
// the searcher could not open directly.
import { sql } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { Viewer } from '../../http/auth.ts'
import { localDomain } from '../../config.ts'
import { TokenRequired } from '../../errors.ts'
import { likePrefix, parseQuery } from './query.ts'
import { searchTags, type TagRow } from './tags.ts'

export type SearchType = 'accounts' | 'hashtags' | 'statuses'

export interface SearchParams {
  q: string
  type?: SearchType
  limit: number
  offset: number
  resolve: boolean
  following: boolean
  accountId: number | null
}

/** Ids and rows found, each kind in its order; rendering drops what the viewer may not see. */
export interface SearchResult { accountIds: number[]; tags: TagRow[]; statusIds: number[] }

/**
 * Accounts whose username or display name starts with `text` (a display name's words count),
 * or exactly `username` when `exact`. Leaves out suspended and unapproved accounts and anyone
 * who blocks or is blocked by the viewer; `following` keeps only accounts the viewer follows.
 */
export async function searchAccountIds(ctx: AppContext, viewerId: number | null, text: string, opts: { exact?: boolean; following?: boolean; limit: number; offset: number }): Promise<number[]> {
  const key = text.replace(/^@/, '').trim().toLowerCase()
  if (!key) return []
  const prefix = likePrefix(key)
  let q = ctx.db.selectFrom('accounts').innerJoin('users', 'users.account_id', 'accounts.id')
    .select('accounts.id')
    .where('accounts.suspended', '=', 0).where('users.approved', '=', 1)
  q = opts.exact
    ? q.where('accounts.username_key', '=', key)
    : q.where((eb) => eb.or([
      sql<boolean>`accounts.username_key like ${prefix} escape '\\'`,
      sql<boolean>`lower(accounts.display_name) like ${prefix} escape '\\'`,
      sql<boolean>`lower(accounts.display_name) like ${`% ${prefix}`} escape '\\'`,
    ]))
  if (viewerId !== null) {
    q = q.where((eb) => eb.not(eb.exists(eb.selectFrom('blocks').select('blocks.id').where((b) => b.or([
      b.and([b('blocks.account_id', '=', viewerId), b('blocks.target_account_id', '=', b.ref('accounts.id'))]),
      b.and([b('blocks.target_account_id', '=', viewerId), b('blocks.account_id', '=', b.ref('accounts.id'))]),
    ])))))
    if (opts.following) {
      q = q.where((eb) => eb.exists(eb.selectFrom('follows').select('follows.id')
        .where('follows.account_id', '=', viewerId).whereRef('follows.target_account_id', '=', 'accounts.id')))
    }
  }
  const rows = await q
    // The exact handle first, then the most followed.
    .orderBy(sql`case when accounts.username_key = ${key} then 0 else 1 end`)
    .orderBy('accounts.followers_count', 'desc').orderBy('accounts.username_key')
    .limit(opts.limit).offset(opts.offset).execute()
  return rows.map((r) => r.id)
}

/** Mastodon's rule: without a token, no paging through results and no resolving remote things. */
function assertAnonymousAllowed(viewer: Viewer | null, p: Pick<SearchParams, 'offset' | 'resolve' | 'following'>): void {
  if (viewer?.accountId == null && (p.offset > 0 || p.resolve || p.following)) throw TokenRequired()
}

/** GET /api/v1/accounts/search */
export async function searchAccounts(ctx: AppContext, viewer: Viewer | null, p: Omit<SearchParams, 'type' | 'accountId'>): Promise<number[]> {
  assertAnonymousAllowed(viewer, p)
  const parsed = parseQuery(p.q, localDomain(ctx.config), ctx.config.publicUrl)
  const viewerId = viewer?.accountId ?? null
  const o = { following: p.following, limit: p.limit, offset: p.offset }
  if (parsed.kind === 'account') return searchAccountIds(ctx, viewerId, parsed.username, { ...o, exact: parsed.exact })
  if (parsed.kind === 'text') return searchAccountIds(ctx, viewerId, parsed.text, o)
  return []
}

/** GET /api/v2/search */
export async function search(ctx: AppContext, viewer: Viewer | null, p: SearchParams): Promise<SearchResult> {
  assertAnonymousAllowed(viewer, p)
  const parsed = parseQuery(p.q, localDomain(ctx.config), ctx.config.publicUrl)
  const want = (t: SearchType) => !p.type || p.type === t
  const out: SearchResult = { accountIds: [], tags: [], statusIds: [] }
  if (want('accounts')) out.accountIds = await searchAccounts(ctx, viewer, p)
  if (want('hashtags') && parsed.kind === 'text' && !p.following) {
    const name = parsed.text.replace(/^#/, '')
    if (/^[\p{L}\p{M}\p{N}_]+$/u.test(name)) out.tags = await searchTags(ctx, name, p.limit, p.offset)
  }
  if (want('statuses') && parsed.kind === 'status-url' && p.offset === 0) out.statusIds = [parsed.statusId]
  if (want('statuses') && parsed.kind === 'text' && /^\d{1,16}$/.test(parsed.text) && p.offset === 0) out.statusIds = [Number(parsed.text)]
  if (out.statusIds.length && p.accountId !== null) {
    const row = await ctx.db.selectFrom('statuses').select('account_id').where('id', '=', out.statusIds[0]).executeTakeFirst()
    if (row?.account_id !== p.accountId) out.statusIds = []
  }
  return out
}
