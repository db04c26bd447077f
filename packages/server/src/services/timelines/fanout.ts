// Fan-out on write: a new post or repost is copied into its readers' home feeds,
// then published to live streams. Rules follow Mastodon's FanOutOnWriteService:
// the author always; followers for public, unlisted and private posts; only
// mentioned followers for direct posts; reposts skip followers who hid the
// reposter's reposts; replies to a third person reach only followers who also
// follow that person. Mutes and blocks are applied at read time (views/status.ts),
// so muting and unmuting take effect at once. Authors with more followers than
// fanoutMaxFollowers are not fanned out: home reads merge their posts (home.ts).
import type { AppContext } from '../../context.ts'
import type { Viewer } from '../../http/auth.ts'
import type { StatusRow } from '../visibility.ts'
import { deleteAuthorFromHome, homeEntryInserts, insertHomeEntries, type HomeFeedRow } from '../../storage/repos/home-feed.ts'
import { accountRows, statusEntries } from '../../storage/cache/load.ts'
import { renderStatusesById, type StatusJson } from '../../views/status.ts'
import { channels, type StreamEvent } from '../streaming/channels.ts'
import { presenceOf } from '../streaming/presence.ts'
import { markBig } from './big-accounts.ts'
import { publishToLists } from './list-stream.ts'

/** How many of an account's latest posts a new follower gets in their home. */
export const BACKFILL_POSTS = 40

/** The viewer a recipient renders as: their own flags, no token. */
export function recipientViewer(accountId: number): Viewer {
  return { accountId, userId: null, appId: 0, tokenId: 0, scopes: new Set(['read']), role: null }
}

/** True when the author has too many followers to fan out (their posts are merged at read time). */
export async function isBigAccount(ctx: AppContext, accountId: number): Promise<boolean> {
  const a = (await accountRows(ctx, [accountId])).get(accountId)
  const big = !!a && a.followers_count > ctx.config.fanoutMaxFollowers
  if (big) markBig(ctx, accountId)
  return big
}

/** The accounts whose home a post goes to. */
export async function recipientsOf(ctx: AppContext, s: StatusRow): Promise<number[]> {
  const author = s.account_id
  const out = new Set<number>([author])
  if (s.visibility === 'direct') {
    const rows = await ctx.db.selectFrom('mentions as m').innerJoin('follows as f', 'f.account_id', 'm.account_id')
      .select('m.account_id').where('m.status_id', '=', s.id).where('f.target_account_id', '=', author).execute()
    rows.forEach((r) => out.add(r.account_id))
    return [...out]
  }
  if (await isBigAccount(ctx, author)) return [...out]
  let followers = await ctx.db.selectFrom('follows').select(['account_id', 'show_reblogs', 'languages'])
    .where('target_account_id', '=', author).execute()
  let language = s.language
  if (s.reblog_of_id !== null) {
    const original = s.reblog_of_id
    const [orig, haveIt] = await Promise.all([
      ctx.db.selectFrom('statuses').select('language').where('id', '=', original).executeTakeFirst(),
      ctx.db.selectFrom('home_feed').select('account_id').where('status_id', '=', original).execute(),
    ])
    language = orig?.language ?? null
    // A repost of something already in your home would show the same post twice.
    const has = new Set(haveIt.map((r) => r.account_id))
    followers = followers.filter((f) => f.show_reblogs === 1 && !has.has(f.account_id))
  }
  if (language) followers = followers.filter((f) => !f.languages || (JSON.parse(f.languages) as string[]).includes(language))
  const replyTo = s.in_reply_to_account_id
  if (replyTo !== null && replyTo !== author && s.reblog_of_id === null) {
    const rows = await ctx.db.selectFrom('follows').select('account_id').where('target_account_id', '=', replyTo).execute()
    const alsoFollow = new Set(rows.map((r) => r.account_id))
    followers = followers.filter((f) => f.account_id === replyTo || alsoFollow.has(f.account_id))
  }
  followers.forEach((f) => out.add(f.account_id))
  return [...out]
}

/** Renders a post for each reader that has a home stream open in this process and publishes it on their channel. */
export async function publishToReaders(ctx: AppContext, statusId: number, readers: Iterable<number>, event: 'update' | 'status.update'): Promise<void> {
  const live = presenceOf(ctx).watchingHome(readers)
  const CONCURRENCY = 8
  for (let i = 0; i < live.length; i += CONCURRENCY) {
    await Promise.all(live.slice(i, i + CONCURRENCY).map(async (reader) => {
      const [json] = await renderStatusesById(ctx, recipientViewer(reader), [statusId], { hideMuted: true })
      if (json) await ctx.pubsub.publish(channels.user(reader), { event, payload: JSON.stringify(json) } satisfies StreamEvent)
    }))
  }
}

/** Publishes a public post once, rendered anonymously, on the public and hashtag streams (subscribers filter blocks and mutes). */
export async function publishPublic(ctx: AppContext, s: StatusRow, event: 'update' | 'status.update'): Promise<void> {
  if (s.visibility !== 'public' || s.reblog_of_id !== null || s.deleted_at !== null) return
  const [json] = await renderStatusesById(ctx, null, [s.id])
  if (!json) return
  const message: StreamEvent = { event, payload: JSON.stringify(json) }
  const targets = [channels.public(), channels.publicLocal(), ...tagChannels(json)]
  // The ":media" streams carry the posts with images.
  if (json.media_attachments.length) targets.push(`${channels.public()}:media`, `${channels.publicLocal()}:media`)
  await Promise.all(targets.map((c) => ctx.pubsub.publish(c, message)))
}

const tagChannels = (json: StatusJson) => json.tags.flatMap((t) => [channels.hashtag(t.name), channels.hashtagLocal(t.name)])

/** status.distribute: fans a new post or repost out to home feeds, then to live streams. Idempotent. */
export async function distributeStatus(ctx: AppContext, statusId: number): Promise<void> {
  const s = (await statusEntries(ctx, [statusId])).get(statusId)?.row
  if (!s || s.deleted_at !== null) return
  const readers = await recipientsOf(ctx, s)
  const rows: HomeFeedRow[] = readers.map((account_id) => ({ account_id, status_id: s.id, author_id: s.account_id }))
  await ctx.writeTogether(homeEntryInserts(ctx.db, rows))
  ctx.cache.changed({ feeds: readers, feedsAdded: { statusId: s.id, accountIds: readers } })
  await publishToReaders(ctx, s.id, readers, 'update')
  await publishToLists(ctx, s, 'update')
  await publishPublic(ctx, s, 'update')
}

/** home.follow: copies the target's latest posts into the new follower's home. */
export async function backfillHome(ctx: AppContext, accountId: number, targetId: number): Promise<void> {
  const follow = await ctx.db.selectFrom('follows').select('show_reblogs').where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst()
  if (!follow || await isBigAccount(ctx, targetId)) return
  let q = ctx.db.selectFrom('statuses').select('id').where('account_id', '=', targetId)
    .where('deleted_at', 'is', null).where('visibility', 'in', ['public', 'unlisted', 'private'])
  if (!follow.show_reblogs) q = q.where('reblog_of_id', 'is', null)
  const posts = await q.orderBy('id', 'desc').limit(BACKFILL_POSTS).execute()
  await ctx.transact((trx) => insertHomeEntries(trx, posts.map((p) => ({ account_id: accountId, status_id: p.id, author_id: targetId }))))
  ctx.cache.changed({ feeds: [accountId] })
}

/** home.unfollow: removes the target's posts and reposts from the former follower's home. */
export async function pruneHome(ctx: AppContext, accountId: number, targetId: number): Promise<void> {
  await deleteAuthorFromHome(ctx.db, accountId, targetId)
  ctx.cache.changed({ feeds: [accountId] })
}
