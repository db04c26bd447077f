// Link previews, in their own lane (jobs/index.ts): fetching someone else's page is slow
// and fallible, so it runs with its own slots, time limit and circuit breaker.
import type { AppContext } from '../context.ts'
import { attachPreview, fetchMemory } from '../services/previews/attach.ts'

/** Registers status.preview {statusId}. */
export default function previews(ctx: AppContext): void {
  const memory = fetchMemory()
  ctx.queue.register('status.preview', async ({ statusId }: { statusId: number }, { signal }) => {
    await attachPreview(ctx, Number(statusId), memory, signal)
  }, { lane: 'previews' })
}
