// Who is told that a post was edited: as Mastodon's FanOutOnWriteService#notify_about_update!,
// everyone with a live repost of it and everyone who quoted it (they spread what it says).
import type { AppContext } from '../../context.ts'
import type { NotifyJob } from './create.ts'

/** The accounts that repost or quote this post (live ones), without its author. */
async function spreaders(ctx: AppContext, statusId: number, authorId: number, quoted: boolean): Promise<number[]> {
  const reposters = ctx.db.selectFrom('statuses').select('account_id').where('reblog_of_id', '=', statusId).where('deleted_at', 'is', null).execute()
  // quote_of_id has no index: look only when the post says it has been quoted.
  const quoters = quoted
    ? ctx.db.selectFrom('statuses').select('account_id').where('quote_of_id', '=', statusId).where('deleted_at', 'is', null).execute()
    : Promise.resolve([])
  const rows = (await Promise.all([reposters, quoters])).flat()
  return [...new Set(rows.map((r) => r.account_id))].filter((id) => id !== authorId)
}

/**
 * Part of `status.updated`: queues an `update` notification for each reposter and quoter.
 * One per person and edit (the dedupe key names the edit), so a retried job tells nobody twice.
 */
export async function notifyAboutEdit(ctx: AppContext, statusId: number, editedAt?: number): Promise<void> {
  const s = await ctx.db.selectFrom('statuses').select(['account_id', 'edited_at', 'deleted_at', 'quotes_count'])
    .where('id', '=', statusId).executeTakeFirst()
  if (!s || s.deleted_at !== null) return
  const edit = editedAt ?? s.edited_at
  if (edit === null) return
  for (const accountId of await spreaders(ctx, statusId, s.account_id, s.quotes_count > 0)) {
    const job: NotifyJob = { accountId, fromAccountId: s.account_id, type: 'update', statusId, dedupeKey: `update:${statusId}:${edit}:${accountId}` }
    await ctx.queue.enqueue('notify', job)
  }
}
