// The public and hashtag timelines: public posts (no reposts), newest first.
import type { AppContext } from '../../context.ts'
import type { Viewer } from '../../http/auth.ts'
import type { Page } from '../../http/pagination.ts'
import type { SkeletonBounds } from '../../storage/repos/home-feed.ts'
import { renderStatusesById } from '../../views/status.ts'
import { collectPage, type SkeletonEntry, type TimelinePage } from './paginate.ts'

/** Which public posts: every account on this server is local until federation arrives, so `remote` alone is empty. */
export interface PublicFilter { local: boolean; remote: boolean; onlyMedia: boolean }

const EMPTY: TimelinePage = { statuses: [], keys: [] }

// Every account is local until federation arrives, so a remote-only read is empty.
const nothingCanMatch = (f: PublicFilter) => f.remote && !f.local

const bounded = <Q extends { where: any }>(q: Q, column: string, b: SkeletonBounds): Q => {
  let out: any = q
  if (b.maxId !== null) out = out.where(column, '<', b.maxId)
  if (b.minId !== null) out = out.where(column, '>', b.minId)
  return out
}

async function publicSkeleton(ctx: AppContext, b: SkeletonBounds, onlyMedia: boolean): Promise<SkeletonEntry[]> {
  let q = ctx.replica.selectFrom('statuses').select('id').where('visibility', '=', 'public')
    .where('reblog_of_id', 'is', null).where('deleted_at', 'is', null)
  if (onlyMedia) q = q.where('media_ids', 'is not', null)
  const rows = await bounded(q, 'id', b).orderBy('id', b.ascending ? 'asc' : 'desc').limit(b.limit).execute()
  return rows.map((r) => ({ key: r.id, id: r.id }))
}

/** GET /api/v1/timelines/public. */
export async function publicTimeline(ctx: AppContext, viewer: Viewer | null, filter: PublicFilter, page: Page): Promise<TimelinePage> {
  if (nothingCanMatch(filter)) return EMPTY
  return collectPage(page, (b) => publicSkeleton(ctx, b, filter.onlyMedia), (ids) => renderStatusesById(ctx, viewer, ids, { hideMuted: true }))
}

/** The tag query of GET /api/v1/timelines/tag/:hashtag: the tag or any of `any`, all of `all`, none of `none`. */
export interface TagFilter extends PublicFilter { tag: string; any: string[]; all: string[]; none: string[] }

const normalise = (names: string[]) => [...new Set(names.map((n) => n.replace(/^#/, '').toLowerCase()).filter(Boolean))]

/** GET /api/v1/timelines/tag/:hashtag. Unknown tags give an empty timeline, as in Mastodon. */
export async function tagTimeline(ctx: AppContext, viewer: Viewer | null, f: TagFilter, page: Page): Promise<TimelinePage> {
  if (nothingCanMatch(f)) return EMPTY
  const wanted = normalise([f.tag, ...f.any])
  const all = normalise(f.all)
  const none = normalise(f.none)
  const names = [...new Set([...wanted, ...all, ...none])]
  const tags = names.length ? await ctx.db.selectFrom('tags').select(['id', 'name']).where('name', 'in', names).execute() : []
  const idOf = new Map(tags.map((t) => [t.name, t.id]))
  const primary = wanted.map((n) => idOf.get(n)).filter((x): x is number => x !== undefined)
  if (primary.length === 0 || all.some((n) => !idOf.has(n))) return EMPTY
  const allIds = all.map((n) => idOf.get(n)!)
  const noneIds = none.map((n) => idOf.get(n)).filter((x): x is number => x !== undefined)

  const source = async (b: SkeletonBounds): Promise<SkeletonEntry[]> => {
    let q = ctx.replica.selectFrom('status_tags as st').innerJoin('statuses as s', 's.id', 'st.status_id')
      .select('st.status_id').distinct()
      .where('st.tag_id', 'in', primary).where('s.visibility', '=', 'public').where('s.deleted_at', 'is', null)
    if (f.onlyMedia) q = q.where('s.media_ids', 'is not', null)
    for (const tagId of allIds) {
      q = q.where(({ exists, selectFrom }) => exists(selectFrom('status_tags as x').select('x.tag_id')
        .whereRef('x.status_id', '=', 'st.status_id').where('x.tag_id', '=', tagId)))
    }
    if (noneIds.length) {
      q = q.where(({ not, exists, selectFrom }) => not(exists(selectFrom('status_tags as y').select('y.tag_id')
        .whereRef('y.status_id', '=', 'st.status_id').where('y.tag_id', 'in', noneIds))))
    }
    const rows = await bounded(q, 'st.status_id', b).orderBy('st.status_id', b.ascending ? 'asc' : 'desc').limit(b.limit).execute()
    return rows.map((r) => ({ key: r.status_id, id: r.status_id }))
  }
  return collectPage(page, source, (ids) => renderStatusesById(ctx, viewer, ids, { hideMuted: true }))
}
