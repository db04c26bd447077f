// Follow, unfollow, and the side effects they queue (home backfill/cleanup, notifications).
import type { Transaction } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { Database } from '../../storage/schema.ts'
import {
  deleteFollow, deleteRequest, findFollow, findRequest, insertFollow, insertRequest, optionsOf, updateFollow, updateRequest,
  type FollowOptions,
} from '../../storage/repos/follows.ts'
import { deleteNotificationsByKey } from '../../storage/repos/notifications.ts'
import { removeFromOwnerLists } from '../../storage/repos/lists.ts'
import { assertMayFollow, needsApproval, targetAccount } from './rules.ts'

/** What the follower asked for; anything left out keeps its current value (or the default on a new follow). */
export interface FollowParams { reblogs?: boolean; notify?: boolean; languages?: string[] | null }

const merge = (base: FollowOptions, p: FollowParams): FollowOptions => ({
  showReblogs: p.reblogs ?? base.showReblogs,
  notify: p.notify ?? base.notify,
  languages: p.languages === undefined ? base.languages : (p.languages && p.languages.length ? p.languages : null),
})
const DEFAULTS: FollowOptions = { showReblogs: true, notify: false, languages: null }

/**
 * Follows an account, or asks to when it is locked. Idempotent: following again only
 * changes the options. Queues home backfill and the follow / follow_request notification.
 */
export async function follow(ctx: AppContext, me: number, targetId: number | null, params: FollowParams): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const target = await targetAccount(trx, targetId)
    await assertMayFollow(trx, me, target.id)
    const existing = await findFollow(trx, me, target.id)
    if (existing) return updateFollow(trx, me, target.id, merge(optionsOf(existing), params))
    if (needsApproval(target)) {
      const pending = await findRequest(trx, me, target.id)
      if (pending) return updateRequest(trx, me, target.id, merge(optionsOf(pending), params))
      const id = await insertRequest(trx, me, target.id, merge(DEFAULTS, params))
      if (id !== null) {
        await ctx.queue.enqueue('notify', { accountId: target.id, fromAccountId: me, type: 'follow_request', statusId: null, dedupeKey: `follow_request:${id}` }, { trx })
      }
      return
    }
    const id = await insertFollow(trx, me, target.id, merge(DEFAULTS, params))
    if (id !== null) await followStarted(ctx, trx, me, target.id, id, true)
  })
  relationChanged(ctx, me, targetId)
}

/** Tells the caches that what two accounts are to each other changed (follows, counts, blocks, mutes); after commit. */
export function relationChanged(ctx: AppContext, a: number, b: number | null): void {
  const both = b === null ? [a] : [a, b]
  ctx.cache.changed({ relations: both, accounts: both })
}

/** The side effects of a follow that just took effect: home backfill, and a `follow` notification when asked. */
export async function followStarted(ctx: AppContext, trx: Transaction<Database>, me: number, targetId: number, followId: number, notify: boolean): Promise<void> {
  await ctx.queue.enqueue('home.follow', { accountId: me, targetId }, { trx })
  if (notify) {
    await ctx.queue.enqueue('notify', { accountId: targetId, fromAccountId: me, type: 'follow', statusId: null, dedupeKey: `follow:${followId}` }, { trx })
  }
}

/**
 * Ends a follow and withdraws a pending request, whichever exists; idempotent.
 * Queues home cleanup when a follow really ended.
 */
export async function unfollow(ctx: AppContext, me: number, targetId: number | null): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const target = await targetAccount(trx, targetId)
    await endRelation(ctx, trx, me, target.id)
  })
  relationChanged(ctx, me, targetId)
}

/**
 * Removes a follow and a request from `from` to `to`, with counters, jobs and the notifications
 * they caused; `to` leaves `from`'s lists too, as lists hold only followed accounts.
 */
export async function endRelation(ctx: AppContext, trx: Transaction<Database>, from: number, to: number): Promise<void> {
  const f = await findFollow(trx, from, to)
  if (f && await deleteFollow(trx, from, to)) {
    await ctx.queue.enqueue('home.unfollow', { accountId: from, targetId: to }, { trx })
    await deleteNotificationsByKey(trx, [`follow:${f.id}`])
  }
  await removeFromOwnerLists(trx, from, to)
  const r = await deleteRequest(trx, from, to)
  if (r) await deleteNotificationsByKey(trx, [`follow_request:${r.id}`])
}
