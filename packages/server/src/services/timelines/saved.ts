// The posts a person favourited or bookmarked, most recently saved first. Pages are
// keyed by the favourite's or bookmark's id (as Mastodon's Link header carries), not
// the post's, so a newly saved old post appears at the top.
import type { AppContext } from '../../context.ts'
import type { UserViewer } from '../../http/auth.ts'
import type { Page } from '../../http/pagination.ts'
import type { SkeletonBounds } from '../../storage/repos/home-feed.ts'
import { renderStatusesById } from '../../views/status.ts'
import { collectPage, type SkeletonEntry, type TimelinePage } from './paginate.ts'

/** GET /api/v1/favourites or GET /api/v1/bookmarks. */
export function savedStatuses(ctx: AppContext, viewer: UserViewer, kind: 'favourites' | 'bookmarks', page: Page): Promise<TimelinePage> {
  const source = async (b: SkeletonBounds): Promise<SkeletonEntry[]> => {
    let q = ctx.db.selectFrom(kind).select(['id', 'status_id']).where('account_id', '=', viewer.accountId)
    if (b.maxId !== null) q = q.where('id', '<', b.maxId)
    if (b.minId !== null) q = q.where('id', '>', b.minId)
    const rows = await q.orderBy('id', b.ascending ? 'asc' : 'desc').limit(b.limit).execute()
    return rows.map((r) => ({ key: r.id, id: r.status_id }))
  }
  return collectPage(page, source, (ids) => renderStatusesById(ctx, viewer, ids))
}
