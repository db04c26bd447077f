// Live list timelines: a post goes to the "list" stream of each list that contains its
// author, has a stream open in this process, and would show the post (list.ts decides,
// so the stream and the timeline never disagree). Rendered once per list, as its owner.
import type { AppContext } from '../../context.ts'
import type { StatusRow } from '../visibility.ts'
import { renderStatusesById } from '../../views/status.ts'
import { channels, type StreamEvent } from '../streaming/channels.ts'
import { presenceOf } from '../streaming/presence.ts'
import { asViewer } from '../notifications/viewer.ts'
import { listSkeleton } from './list.ts'

/** The author's lists that have a live stream here. */
async function watchedListsOf(ctx: AppContext, authorId: number) {
  const presence = presenceOf(ctx)
  if (!presence.anyListWatched()) return []
  const lists = await ctx.db.selectFrom('list_accounts').innerJoin('lists', 'lists.id', 'list_accounts.list_id')
    .select(['lists.id', 'lists.account_id', 'lists.replies_policy']).where('list_accounts.account_id', '=', authorId).execute()
  const live = new Set(presence.watchingLists(lists.map((l) => l.id)))
  return lists.filter((l) => live.has(l.id))
}

/** Publishes a new or edited post on the streams of the lists that show it. */
export async function publishToLists(ctx: AppContext, s: StatusRow, event: 'update' | 'status.update'): Promise<void> {
  for (const list of await watchedListsOf(ctx, s.account_id)) {
    const shown = await listSkeleton(ctx, list, { maxId: null, minId: null, ascending: false, limit: 1 }, { authorId: s.account_id, statusId: s.id })
    if (shown.length === 0) continue
    const [json] = await renderStatusesById(ctx, asViewer(list.account_id), [s.id], { hideMuted: true })
    if (json) await ctx.pubsub.publish(channels.list(list.id), { event, payload: JSON.stringify(json) } satisfies StreamEvent)
  }
}

/** Tells the streams of the author's lists that a post is gone (only its id is sent). */
export async function publishDeleteToLists(ctx: AppContext, authorId: number, statusId: number): Promise<void> {
  const message: StreamEvent = { event: 'delete', payload: String(statusId) }
  for (const list of await watchedListsOf(ctx, authorId)) await ctx.pubsub.publish(channels.list(list.id), message)
}
