import type { AppContext } from '../context.ts'
import { endPoll } from '../services/polls/end.ts'

/** Registers the polls job handlers (see jobs/index.ts for the job types). */
export default function register(ctx: AppContext): void {
  ctx.queue.register('poll.end', async (p: { pollId: number }) => endPoll(ctx, p.pollId))
}
