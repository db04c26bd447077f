// account.delete: erases a deleted account in bounded runs (services/accounts/erase-account.ts),
// queueing itself again until nothing is left. The media work it causes runs in the media lane.
import type { AppContext } from '../context.ts'
import { eraseAccountStep, tokenHashesOf } from '../services/accounts/erase-account.ts'

/** Registers account.delete {accountId, stage?}. */
export default function accountDelete(ctx: AppContext): void {
  ctx.queue.register('account.delete', async (p: { accountId: number; stage?: number }) => {
    const accountId = Number(p.accountId)
    if (p.stage === undefined) {
      // The deletion may have been made by another process (the CLI): this node's caches learn it here.
      ctx.cache.changed({ accounts: [accountId], tokens: await tokenHashesOf(ctx, accountId) })
    }
    const next = await eraseAccountStep(ctx, accountId, Number(p.stage ?? 0))
    // Queued before this run's job is deleted: a crash in between only means one more (idempotent) run.
    if (next !== null) await ctx.queue.enqueue('account.delete', { accountId, stage: next })
  })
}
