// An account's posts, as its profile shows them to one viewer.
import type { AppContext } from '../../context.ts'
import type { Viewer } from '../../http/auth.ts'
import type { Page } from '../../http/pagination.ts'
import type { SkeletonBounds } from '../../storage/repos/home-feed.ts'
import { renderStatusesById } from '../../views/status.ts'
import { targetAccount } from '../graph/rules.ts'
import type { StatusRow } from '../visibility.ts'
import { collectPage, type SkeletonEntry, type TimelinePage } from './paginate.ts'

/** The filters of GET /api/v1/accounts/:id/statuses. */
export interface AccountStatusesFilter {
  pinned: boolean
  excludeReplies: boolean
  excludeReblogs: boolean
  onlyMedia: boolean
  tagged: string | null
}

/** Which visibilities the viewer may see of this author, so the query does not fetch posts rendering would drop. */
async function visibleKinds(ctx: AppContext, viewerId: number | null, authorId: number): Promise<StatusRow['visibility'][]> {
  if (viewerId === authorId) return ['public', 'unlisted', 'private', 'direct']
  if (viewerId === null) return ['public', 'unlisted']
  const follows = await ctx.db.selectFrom('follows').select('id').where('account_id', '=', viewerId).where('target_account_id', '=', authorId).executeTakeFirst()
  return follows ? ['public', 'unlisted', 'private'] : ['public', 'unlisted']
}

/** GET /api/v1/accounts/:id/statuses: 404 for a missing or suspended account. */
export async function accountStatuses(ctx: AppContext, viewer: Viewer | null, accountId: number | null, f: AccountStatusesFilter, page: Page): Promise<TimelinePage> {
  const account = await targetAccount(ctx.db, accountId)
  const kinds = await visibleKinds(ctx, viewer?.accountId ?? null, account.id)
  const tagged = f.tagged ? f.tagged.replace(/^#/, '').toLowerCase() : null

  const source = async (b: SkeletonBounds): Promise<SkeletonEntry[]> => {
    // ids only, from the replica when there is one: rendering reads the posts through the caches
    let q = ctx.replica.selectFrom('statuses as s').select('s.id').where('s.account_id', '=', account.id)
      .where('s.deleted_at', 'is', null).where('s.visibility', 'in', kinds)
    if (f.pinned) {
      q = q.where(({ exists, selectFrom }) => exists(selectFrom('pins as p').select('p.id')
        .whereRef('p.status_id', '=', 's.id').where('p.account_id', '=', account.id)))
    }
    // A reply in one's own thread is not a reply "to others", and Mastodon keeps it.
    if (f.excludeReplies) q = q.where((eb) => eb.or([eb('s.in_reply_to_id', 'is', null), eb('s.in_reply_to_account_id', '=', account.id)]))
    if (f.excludeReblogs) q = q.where('s.reblog_of_id', 'is', null)
    // As Mastodon: a post with images of its own (reposts carry none).
    if (f.onlyMedia) q = q.where('s.media_ids', 'is not', null)
    if (tagged) {
      q = q.where(({ exists, selectFrom }) => exists(selectFrom('status_tags as st').innerJoin('tags as t', 't.id', 'st.tag_id')
        .select('st.tag_id').whereRef('st.status_id', '=', 's.id').where('t.name', '=', tagged)))
    }
    if (b.maxId !== null) q = q.where('s.id', '<', b.maxId)
    if (b.minId !== null) q = q.where('s.id', '>', b.minId)
    const rows = await q.orderBy('s.id', b.ascending ? 'asc' : 'desc').limit(b.limit).execute()
    return rows.map((r) => ({ key: r.id, id: r.id }))
  }
  return collectPage(page, source, (ids) => renderStatusesById(ctx, viewer, ids))
}
