// Favourites, bookmarks, pins and muted threads: idempotent, counters move only when a row did.
import type { AppContext } from '../../context.ts'
import type { UserViewer } from '../../http/auth.ts'
import { ValidationFailed } from '../../errors.ts'
import type { StatusRow } from '../visibility.ts'
import { addInteraction, countPins, removeInteraction } from '../../storage/repos/interactions.ts'
import { bumpStatusCounter, findStatus } from '../../storage/repos/statuses.ts'
import { distributable } from './create.ts'
import { visibleOriginal, visibleStatus } from './visible.ts'

// Counters may have moved: answer with the row as it is now.
const reread = async (ctx: AppContext, s: StatusRow) => (await findStatus(ctx.db, s.id)) ?? s

/** Mastodon's limit of pinned posts per profile. */
export const MAX_PINS = 5

/** Likes a post and notifies its author once. */
export async function favourite(ctx: AppContext, viewer: UserViewer, rawId: unknown): Promise<StatusRow> {
  const s = await visibleOriginal(ctx, viewer, rawId)
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await addInteraction(trx, 'favourites', viewer.accountId, s.id))) return
    await bumpStatusCounter(trx, s.id, 'favourites_count', 1)
    if (s.account_id !== viewer.accountId) {
      await ctx.queue.enqueue('notify', {
        accountId: s.account_id, fromAccountId: viewer.accountId, type: 'favourite', statusId: s.id, dedupeKey: `favourite:${viewer.accountId}:${s.id}`,
      }, { trx })
    }
  })
  ctx.cache.changed({ statuses: [s.id], marks: [viewer.accountId] })
  return reread(ctx, s)
}

/** Takes a like back. */
export async function unfavourite(ctx: AppContext, viewer: UserViewer, rawId: unknown): Promise<StatusRow> {
  const s = await visibleOriginal(ctx, viewer, rawId)
  await ctx.db.transaction().execute(async (trx) => {
    if (await removeInteraction(trx, 'favourites', viewer.accountId, s.id)) await bumpStatusCounter(trx, s.id, 'favourites_count', -1)
  })
  ctx.cache.changed({ statuses: [s.id], marks: [viewer.accountId] })
  return reread(ctx, s)
}

/** Bookmarks a post (private to the viewer). */
export async function bookmark(ctx: AppContext, viewer: UserViewer, rawId: unknown): Promise<StatusRow> {
  const s = await visibleOriginal(ctx, viewer, rawId)
  await addInteraction(ctx.db, 'bookmarks', viewer.accountId, s.id)
  return marked(ctx, viewer, s)
}

/** Removes a bookmark. */
export async function unbookmark(ctx: AppContext, viewer: UserViewer, rawId: unknown): Promise<StatusRow> {
  const s = await visibleOriginal(ctx, viewer, rawId)
  await removeInteraction(ctx.db, 'bookmarks', viewer.accountId, s.id)
  return marked(ctx, viewer, s)
}

// The viewer's own marks (bookmarked, pinned) changed: the cache drops them; the post is the answer.
function marked(ctx: AppContext, viewer: UserViewer, s: StatusRow): StatusRow {
  ctx.cache.changed({ marks: [viewer.accountId] })
  return s
}

/** Pins one's own public or unlisted post to the profile, at most MAX_PINS. */
export async function pin(ctx: AppContext, viewer: UserViewer, rawId: unknown): Promise<StatusRow> {
  const s = await visibleStatus(ctx, viewer, rawId)
  if (s.account_id !== viewer.accountId || s.reblog_of_id !== null) throw ValidationFailed('status', 'can only be pinned by its author')
  if (!distributable(s.visibility)) throw ValidationFailed('status', 'can only be pinned when public or unlisted')
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await addInteraction(trx, 'pins', viewer.accountId, s.id))) return
    // Counted after the insert, inside the transaction, so going over the limit rolls the pin back.
    if ((await countPins(trx, viewer.accountId)) > MAX_PINS) throw ValidationFailed('pins', `are limited to ${MAX_PINS} posts`)
  })
  return marked(ctx, viewer, s)
}

/** Unpins a post. */
export async function unpin(ctx: AppContext, viewer: UserViewer, rawId: unknown): Promise<StatusRow> {
  const s = await visibleStatus(ctx, viewer, rawId)
  await removeInteraction(ctx.db, 'pins', viewer.accountId, s.id)
  return marked(ctx, viewer, s)
}

/** Mutes (or unmutes) notifications from the thread a post belongs to. */
export async function muteConversation(ctx: AppContext, viewer: UserViewer, rawId: unknown, muted: boolean): Promise<StatusRow> {
  const s = await visibleOriginal(ctx, viewer, rawId)
  if (muted) {
    await ctx.db.insertInto('conversation_mutes').values({ account_id: viewer.accountId, conversation_id: s.conversation_id })
      .onConflict((c) => c.columns(['account_id', 'conversation_id']).doNothing()).execute()
  } else {
    await ctx.db.deleteFrom('conversation_mutes').where('account_id', '=', viewer.accountId).where('conversation_id', '=', s.conversation_id).execute()
  }
  ctx.cache.changed({ relations: [viewer.accountId] })
  return s
}
