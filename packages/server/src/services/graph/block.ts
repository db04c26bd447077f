// Blocks and mutes.
import type { AppContext } from '../../context.ts'
import { deleteBlock, insertBlock } from '../../storage/repos/blocks.ts'
import { deleteMute, upsertMute } from '../../storage/repos/mutes.ts'
import { assertNotSelf, targetAccount } from './rules.ts'
import { endRelation, relationChanged } from './follow.ts'

/** Blocks an account: every follow and request between the two ends, in both directions. Idempotent. */
export async function block(ctx: AppContext, me: number, targetId: number | null): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const target = await targetAccount(trx, targetId)
    assertNotSelf(me, target.id, 'block')
    await insertBlock(trx, me, target.id)
    await endRelation(ctx, trx, me, target.id)
    await endRelation(ctx, trx, target.id, me)
  })
  relationChanged(ctx, me, targetId)
}

/** Lifts a block; follows it ended stay ended. */
export async function unblock(ctx: AppContext, me: number, targetId: number | null): Promise<void> {
  const target = await targetAccount(ctx.db, targetId)
  await deleteBlock(ctx.db, me, target.id)
  relationChanged(ctx, me, target.id)
}

/** Mutes an account, hiding its notifications too unless `notifications` is false; `durationS` 0 means until unmuted. */
export async function mute(ctx: AppContext, me: number, targetId: number | null, notifications = true, durationS = 0): Promise<void> {
  const target = await targetAccount(ctx.db, targetId)
  assertNotSelf(me, target.id, 'mute')
  const expiresAt = durationS > 0 ? Date.now() + durationS * 1000 : null
  await upsertMute(ctx.db, me, target.id, notifications, expiresAt)
  relationChanged(ctx, me, target.id)
}

/** Lifts a mute. */
export async function unmute(ctx: AppContext, me: number, targetId: number | null): Promise<void> {
  const target = await targetAccount(ctx.db, targetId)
  await deleteMute(ctx.db, me, target.id)
  relationChanged(ctx, me, target.id)
}
