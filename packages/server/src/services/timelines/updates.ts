// What happens to timelines and live streams after a post is edited or deleted.
import type { AppContext } from '../../context.ts'
import { deleteStatusesFromHomes } from '../../storage/repos/home-feed.ts'
import { channels, type StreamEvent } from '../streaming/channels.ts'
import { presenceOf } from '../streaming/presence.ts'
import { publishPublic, publishToReaders } from './fanout.ts'
import { publishDeleteToLists, publishToLists } from './list-stream.ts'

/** status.deleted: removes the post and its reposts from every home and tells live streams. Idempotent. */
export async function removeStatus(ctx: AppContext, statusId: number, accountId: number): Promise<void> {
  const [reposts, row, tags] = await Promise.all([
    ctx.db.selectFrom('statuses').select('id').where('reblog_of_id', '=', statusId).execute(),
    ctx.db.selectFrom('statuses').select(['visibility', 'reblog_of_id', 'media_ids']).where('id', '=', statusId).executeTakeFirst(),
    ctx.db.selectFrom('status_tags as st').innerJoin('tags as t', 't.id', 'st.tag_id').select('t.name').where('st.status_id', '=', statusId).execute(),
  ])
  const ids = [statusId, ...reposts.map((r) => r.id)]
  const entries = await ctx.db.selectFrom('home_feed').select(['account_id', 'status_id']).where('status_id', 'in', ids).execute()
  await deleteStatusesFromHomes(ctx.db, ids)
  ctx.cache.changed({ feeds: [...new Set(entries.map((e) => e.account_id))] })

  const byReader = new Map<number, Set<number>>([[accountId, new Set([statusId])]])
  for (const e of entries) byReader.set(e.account_id, (byReader.get(e.account_id) ?? new Set()).add(e.status_id))
  const live = presenceOf(ctx).watchingHome(byReader.keys())
  for (const reader of live) {
    for (const id of byReader.get(reader)!) {
      await ctx.pubsub.publish(channels.user(reader), { event: 'delete', payload: String(id) } satisfies StreamEvent)
    }
  }
  await publishDeleteToLists(ctx, accountId, statusId)
  if (row?.visibility === 'public' && row.reblog_of_id === null) {
    const message: StreamEvent = { event: 'delete', payload: String(statusId) }
    const targets = [channels.public(), channels.publicLocal(), ...tags.flatMap((t) => [channels.hashtag(t.name), channels.hashtagLocal(t.name)])]
    if (row.media_ids !== null) targets.push(`${channels.public()}:media`, `${channels.publicLocal()}:media`)
    await Promise.all(targets.map((c) => ctx.pubsub.publish(c, message)))
  }
}

/** status.updated: sends the edited post to the live streams of everyone who has it in their home. */
export async function announceEdit(ctx: AppContext, statusId: number): Promise<void> {
  const s = await ctx.db.selectFrom('statuses').selectAll().where('id', '=', statusId).executeTakeFirst()
  if (!s || s.deleted_at !== null) return
  const readers = await ctx.db.selectFrom('home_feed').select('account_id').where('status_id', '=', statusId).execute()
  await publishToReaders(ctx, statusId, new Set([s.account_id, ...readers.map((r) => r.account_id)]), 'status.update')
  await publishToLists(ctx, s, 'status.update')
  await publishPublic(ctx, s, 'status.update')
}
