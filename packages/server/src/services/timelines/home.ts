// The home timeline: the reader's materialised feed, merged at read time with the
// recent posts of followed accounts too big to fan out (more than fanoutMaxFollowers).
import type { AppContext } from '../../context.ts'
import type { UserViewer } from '../../http/auth.ts'
import type { Page } from '../../http/pagination.ts'
import type { SkeletonBounds } from '../../storage/repos/home-feed.ts'
import { renderStatusesById } from '../../views/status.ts'
import { bigAccounts } from './big-accounts.ts'
import { readFromHead } from './feed-head.ts'
import { feedHead, readUncached, relationsOf } from '../../storage/cache/load.ts'
import type { RenderedPage } from '../../storage/cache/index.ts'
import { collectPage, type SkeletonEntry, type TimelinePage } from './paginate.ts'

// Each merged account is one branch of a compound SELECT (SQLite allows 500).
const MAX_MERGED_ACCOUNTS = 200

/** The big accounts this reader follows, with whether they want their reposts. */
async function followedBigAccounts(ctx: AppContext, accountId: number): Promise<{ id: number; reblogs: boolean }[]> {
  const big = await bigAccounts(ctx)
  if (big.size === 0) return []
  const { following } = await relationsOf(ctx, accountId)
  if (![...big].some((id) => following.has(id))) return []
  const rows = await ctx.db.selectFrom('follows').select(['target_account_id', 'show_reblogs'])
    .where('account_id', '=', accountId).where('target_account_id', 'in', [...big])
    .orderBy('target_account_id').limit(MAX_MERGED_ACCOUNTS).execute()
  return rows.map((r) => ({ id: r.target_account_id, reblogs: r.show_reblogs === 1 }))
}

/**
 * The skeleton: the home_feed page, UNION one branch per followed big account, each
 * branch limited on its own so it walks only (account_id, id) index entries it returns.
 * Usually no big account is followed and this is the home_feed query alone.
 */
export async function homeSkeleton(ctx: AppContext, accountId: number, b: SkeletonBounds): Promise<SkeletonEntry[]> {
  const dir = b.ascending ? 'asc' : 'desc'
  const merged = await followedBigAccounts(ctx, accountId)
  if (merged.length === 0) {
    const fromMemory = readFromHead(await feedHead(ctx, accountId), b)
    if (fromMemory) return fromMemory.map((id) => ({ key: id, id }))
  }
  readUncached(ctx)
  // Past the head in memory (deep pages, merged big accounts): the replica, when there is one.
  let feed = ctx.replica.selectFrom('home_feed').select('status_id as id').where('account_id', '=', accountId)
  if (b.maxId !== null) feed = feed.where('status_id', '<', b.maxId)
  if (b.minId !== null) feed = feed.where('status_id', '>', b.minId)
  // SQLite allows ORDER BY/LIMIT in a compound member only inside a derived table.
  let q = ctx.replica.selectFrom(feed.orderBy('status_id', dir).limit(b.limit).as('h')).select('h.id')
  merged.forEach((author, i) => {
    let posts = ctx.replica.selectFrom('statuses').select('id').where('account_id', '=', author.id)
      .where('visibility', 'in', ['public', 'unlisted', 'private']).where('deleted_at', 'is', null)
    if (!author.reblogs) posts = posts.where('reblog_of_id', 'is', null)
    if (b.maxId !== null) posts = posts.where('id', '<', b.maxId)
    if (b.minId !== null) posts = posts.where('id', '>', b.minId)
    q = q.union(ctx.replica.selectFrom(posts.orderBy('id', dir).limit(b.limit).as(`m${i}`)).select(`m${i}.id as id`))
  })
  const rows = merged.length ? await q.orderBy('id', dir).limit(b.limit).execute() : await q.execute()
  return rows.map((r) => ({ key: r.id, id: r.id }))
}

/**
 * GET /api/v1/timelines/home, rendered to JSON. A reader's page is kept in memory and
 * answered again for as long as nothing it was made from changed (storage/cache/pages.ts).
 */
export async function homeTimelinePage(ctx: AppContext, viewer: UserViewer, page: Page): Promise<RenderedPage> {
  const key = `${viewer.accountId}/${page.maxId}/${page.sinceId}/${page.minId}/${page.limit}`
  return ctx.cache.pages.get(key) ?? ctx.cache.pages.render(key, async (tracker) => {
    const p = await homeTimeline({ ...ctx, tracker } as AppContext, viewer, page)
    // Kept as bytes: encoding 30 KB of text on every answer would cost more than the rest.
    return { body: Buffer.from(JSON.stringify(p.statuses)), keys: p.keys }
  })
}

/** GET /api/v1/timelines/home: followed accounts' posts and reposts and one's own; muted and blocked authors dropped. */
export function homeTimeline(ctx: AppContext, viewer: UserViewer, page: Page): Promise<TimelinePage> {
  return collectPage(page, (b) => homeSkeleton(ctx, viewer.accountId, b),
    (ids) => renderStatusesById(ctx, viewer, ids, { hideMuted: true }))
}
