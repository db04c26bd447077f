import type { AppContext } from '../context.ts'
import { backfillHome, distributeStatus, pruneHome } from '../services/timelines/fanout.ts'
import { announceEdit, removeStatus } from '../services/timelines/updates.ts'
import { notifyAboutEdit } from '../services/notifications/update.ts'

/** Registers the distribute job handlers (see jobs/index.ts for the job types). */
export default function register(ctx: AppContext): void {
  ctx.queue.register('status.distribute', (p: { statusId: number }) => distributeStatus(ctx, Number(p.statusId)))
  ctx.queue.register('status.updated', async (p: { statusId: number; editedAt?: number }) => {
    await announceEdit(ctx, Number(p.statusId))
    await notifyAboutEdit(ctx, Number(p.statusId), p.editedAt === undefined ? undefined : Number(p.editedAt))
  })
  // Not an edit (no history, no notification): the post's images finished processing or
  // its link card arrived, and live readers get the post again.
  ctx.queue.register('status.refreshed', (p: { statusId: number }) => announceEdit(ctx, Number(p.statusId)))
  ctx.queue.register('status.deleted', (p: { statusId: number; accountId: number }) => removeStatus(ctx, Number(p.statusId), Number(p.accountId)))
  ctx.queue.register('home.follow', (p: { accountId: number; targetId: number }) => backfillHome(ctx, Number(p.accountId), Number(p.targetId)))
  ctx.queue.register('home.unfollow', (p: { accountId: number; targetId: number }) => pruneHome(ctx, Number(p.accountId), Number(p.targetId)))
}
