// A locked account's answer to follow requests.
import type { AppContext } from '../../context.ts'
import { NotFound } from '../../errors.ts'
import { deleteRequest, findFollow, insertFollow, optionsOf } from '../../storage/repos/follows.ts'
import { deleteNotificationsByKey } from '../../storage/repos/notifications.ts'
import { followStarted, relationChanged } from './follow.ts'

/**
 * Accepts the request of `requesterId` to follow `me`: the follow starts (counters,
 * home backfill) and the request's notification goes away. Accepting again is a no-op.
 */
export async function authorize(ctx: AppContext, me: number, requesterId: number | null): Promise<void> {
  if (requesterId === null) throw NotFound()
  await ctx.db.transaction().execute(async (trx) => {
    const req = await deleteRequest(trx, requesterId, me)
    if (!req) {
      if (await findFollow(trx, requesterId, me)) return
      throw NotFound()
    }
    await deleteNotificationsByKey(trx, [`follow_request:${req.id}`])
    const id = await insertFollow(trx, requesterId, me, optionsOf(req))
    // Mastodon sends no `follow` notification for an accepted request: the requester was already announced.
    if (id !== null) await followStarted(ctx, trx, requesterId, me, id, false)
  })
  relationChanged(ctx, me, requesterId)
}

/** Declines a request; its notification goes away. */
export async function reject(ctx: AppContext, me: number, requesterId: number | null): Promise<void> {
  if (requesterId === null) throw NotFound()
  await ctx.db.transaction().execute(async (trx) => {
    const req = await deleteRequest(trx, requesterId, me)
    if (!req) throw NotFound()
    await deleteNotificationsByKey(trx, [`follow_request:${req.id}`])
  })
}
