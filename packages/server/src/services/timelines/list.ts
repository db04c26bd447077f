// List timelines, read at read time (nothing is materialised): the posts and reposts of the list's
// members, newest first, as Mastodon's FeedManager would have put them in the list
// feed. A member counts only while the owner follows them (as the members endpoint
// shows), their follow's options apply (reposts, languages), and replies follow the
// list's replies_policy. Mutes, blocks and visibility are applied by the renderer.
import type { ExpressionBuilder } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { UserViewer } from '../../http/auth.ts'
import type { Page } from '../../http/pagination.ts'
import type { SkeletonBounds } from '../../storage/repos/home-feed.ts'
import type { Database } from '../../storage/schema.ts'
import { renderStatusesById } from '../../views/status.ts'
import { getList, type ListRow } from '../lists/lists.ts'
import { collectPage, type SkeletonEntry, type TimelinePage } from './paginate.ts'

// Each member is one branch of a compound SELECT (SQLite allows 500 terms); bigger
// lists are read in several compound queries and merged.
const MAX_BRANCHES = 200

type List = Pick<ListRow, 'id' | 'account_id' | 'replies_policy'>
interface Member { id: number; reblogs: boolean; languages: string[] | null }

/** The list's members that the owner still follows, with their follow options. */
async function followedMembers(ctx: AppContext, list: List, onlyAccount?: number): Promise<Member[]> {
  let q = ctx.db.selectFrom('list_accounts as la')
    .innerJoin('follows as f', (j) => j.onRef('f.target_account_id', '=', 'la.account_id').on('f.account_id', '=', list.account_id))
    .select(['la.account_id as id', 'f.show_reblogs', 'f.languages']).where('la.list_id', '=', list.id)
  if (onlyAccount !== undefined) q = q.where('la.account_id', '=', onlyAccount)
  const rows = await q.orderBy('la.account_id').execute()
  return rows.map((r) => ({ id: r.id, reblogs: r.show_reblogs === 1, languages: r.languages ? JSON.parse(r.languages) as string[] : null }))
}

/**
 * Which of a member's replies the list shows, as Mastodon's filter_from_list? plus the
 * home rule: self-replies and replies to the owner always; replies to others when the
 * owner follows the one replied to ('followed'), when that one is a member ('list'), never ('none').
 */
function repliesRule(list: List, memberId: number) {
  return (eb: ExpressionBuilder<Database, 'statuses'>) => {
    const allowed = [
      eb('in_reply_to_id', 'is', null),
      eb('in_reply_to_account_id', '=', memberId),
      eb('in_reply_to_account_id', '=', list.account_id),
    ]
    if (list.replies_policy === 'followed') {
      allowed.push(eb('in_reply_to_account_id', 'in', eb.selectFrom('follows').select('target_account_id').where('account_id', '=', list.account_id)))
    } else if (list.replies_policy === 'list') {
      allowed.push(eb('in_reply_to_account_id', 'in', eb.selectFrom('list_accounts').select('account_id').where('list_id', '=', list.id)))
    }
    return eb.or(allowed)
  }
}

/** One member's posts within the bounds: a walk of the (account_id, id) index, limited on its own. */
function memberPosts(ctx: AppContext, list: List, m: Member, b: SkeletonBounds, statusId?: number) {
  let posts = ctx.db.selectFrom('statuses').select('id').where('account_id', '=', m.id)
    .where('visibility', 'in', ['public', 'unlisted', 'private']).where('deleted_at', 'is', null)
    .where(repliesRule(list, m.id))
  if (!m.reblogs) posts = posts.where('reblog_of_id', 'is', null)
  const langs = m.languages
  if (langs) posts = posts.where((eb) => eb.or([eb('language', 'is', null), eb('language', 'in', langs), eb('reblog_of_id', 'is not', null)]))
  if (statusId !== undefined) posts = posts.where('id', '=', statusId)
  if (b.maxId !== null) posts = posts.where('id', '<', b.maxId)
  if (b.minId !== null) posts = posts.where('id', '>', b.minId)
  return posts.orderBy('id', b.ascending ? 'asc' : 'desc').limit(b.limit)
}

/** Reads up to MAX_BRANCHES members' posts in one compound query. */
async function readChunk(ctx: AppContext, list: List, members: Member[], b: SkeletonBounds, statusId?: number): Promise<number[]> {
  if (members.length === 1) return (await memberPosts(ctx, list, members[0], b, statusId).execute()).map((r) => r.id)
  // SQLite allows ORDER BY/LIMIT in a compound member only inside a derived table.
  const branch = (m: Member, i: number) => ctx.db.selectFrom(memberPosts(ctx, list, m, b, statusId).as(`m${i}`)).select(`m${i}.id as id`)
  let q = branch(members[0], 0)
  members.slice(1).forEach((m, i) => { q = q.union(branch(m, i + 1)) })
  const rows = await q.orderBy('id', b.ascending ? 'asc' : 'desc').limit(b.limit).execute()
  return rows.map((r) => r.id)
}

/**
 * The skeleton of a list timeline within bounds. With `only`, the skeleton is that one
 * post or nothing: whether the list shows it (what the list stream asks).
 */
export async function listSkeleton(ctx: AppContext, list: List, b: SkeletonBounds, only?: { authorId: number; statusId: number }): Promise<SkeletonEntry[]> {
  const members = await followedMembers(ctx, list, only?.authorId)
  const ids: number[] = []
  for (let i = 0; i < members.length; i += MAX_BRANCHES) {
    ids.push(...await readChunk(ctx, list, members.slice(i, i + MAX_BRANCHES), b, only?.statusId))
  }
  ids.sort((x, y) => (b.ascending ? x - y : y - x))
  return ids.slice(0, b.limit).map((id) => ({ key: id, id }))
}

/** GET /api/v1/timelines/list/:id: the members' posts the owner may see; someone else's list is 404. */
export async function listTimeline(ctx: AppContext, viewer: UserViewer, listId: number | null, page: Page): Promise<TimelinePage> {
  const list = await getList(ctx, viewer.accountId, listId)
  return collectPage(page, (b) => listSkeleton(ctx, list, b),
    (ids) => renderStatusesById(ctx, viewer, ids, { hideMuted: true }))
}
