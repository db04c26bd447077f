import type { AppContext } from '../context.ts'
import { createNotification, type NotifyJob } from '../services/notifications/create.ts'
import { notifyAboutStatus } from '../services/notifications/status.ts'

/** Registers the notify job handlers (see jobs/index.ts for the job types). */
export default function register(ctx: AppContext): void {
  ctx.queue.register('notify', async (p: NotifyJob) => { await createNotification(ctx, p) }, { lane: 'notifications' })
  ctx.queue.register('status.notify', async (p: { statusId: number }) => { await notifyAboutStatus(ctx, p.statusId) }, { lane: 'notifications' })
}
