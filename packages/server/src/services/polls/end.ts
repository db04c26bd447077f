// The end of a poll: its voters and its author are told once.
import type { AppContext } from '../../context.ts'
import { findPoll, votersOf } from '../../storage/repos/polls.ts'

/** Handles the `poll.end` job. Idempotent: marking the poll and queueing the notifications commit together. */
export async function endPoll(ctx: AppContext, pollId: number): Promise<void> {
  const poll = await findPoll(ctx.db, pollId)
  // Gone (post deleted or poll replaced by an edit), not over yet (its expiry moved), or already done.
  if (!poll || poll.ended_notified || poll.expires_at === null || poll.expires_at > Date.now()) return
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('polls').set({ ended_notified: 1 }).where('id', '=', pollId).where('ended_notified', '=', 0).executeTakeFirst()
    if (Number(r.numUpdatedRows) === 0) return
    const status = await trx.selectFrom('statuses').select(['id', 'deleted_at']).where('id', '=', poll.status_id).executeTakeFirst()
    if (!status || status.deleted_at !== null) return
    const recipients = new Set([...(await votersOf(trx, pollId)), poll.account_id])
    for (const accountId of recipients) {
      await ctx.queue.enqueue('notify', {
        accountId, fromAccountId: poll.account_id, type: 'poll', statusId: poll.status_id, dedupeKey: `poll:${pollId}:${accountId}`,
      }, { trx })
    }
  })
}
