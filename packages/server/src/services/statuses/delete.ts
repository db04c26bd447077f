// Deleting a post: soft delete, counters moved back exactly once, fan-out told.
import type { AppContext } from '../../context.ts'
import type { UserViewer } from '../../http/auth.ts'
import { Forbidden } from '../../errors.ts'
import type { StatusRow } from '../visibility.ts'
import { bumpStatusCounter, bumpStatusesCount, softDelete } from '../../storage/repos/statuses.ts'
import { distributable } from './create.ts'
import { ownStatus } from './visible.ts'

/** Undoes a post's counters (the mirror of what create and reblog added). */
async function undoCounters(trx: AppContext['db'], row: StatusRow): Promise<void> {
  if (row.visibility !== 'direct') await bumpStatusesCount(trx, [row.account_id], -1)
  if (row.reblog_of_id !== null) await bumpStatusCounter(trx, row.reblog_of_id, 'reblogs_count', -1)
  if (row.in_reply_to_id !== null && distributable(row.visibility)) await bumpStatusCounter(trx, row.in_reply_to_id, 'replies_count', -1)
  if (row.quote_of_id !== null) await bumpStatusCounter(trx, row.quote_of_id, 'quotes_count', -1)
}

/**
 * Deletes one's own post (or repost) and the reposts of it. Returns the post as it was,
 * so the caller can show its source for "delete and redraft".
 */
export async function deleteStatus(ctx: AppContext, viewer: UserViewer, rawId: unknown, opts: { deleteMedia?: boolean } = {}): Promise<StatusRow> {
  const row = await ownStatus(ctx, viewer, rawId, () => Forbidden('You can only delete your own posts'))
  await removeStatus(ctx, row, { keepMediaForRedraft: !opts.deleteMedia })
  return row
}

/**
 * As Mastodon: without `delete_media`, a deleted post's images are kept a while so that
 * "delete and redraft" can post them again; with it (Mastodon's web app sends it for a
 * plain delete), they go at once.
 */
export const REDRAFT_MS = 3_600_000

/** Soft-deletes a post and its reposts in one transaction; safe to call twice. */
export async function removeStatus(ctx: AppContext, row: StatusRow, opts: { keepMediaForRedraft?: boolean } = {}): Promise<void> {
  const now = Date.now()
  const reblogs = await ctx.db.transaction().execute(async (trx) => {
    if (!(await softDelete(trx, row.id, now))) return []
    await undoCounters(trx, row)
    await ctx.queue.enqueue('status.deleted', { statusId: row.id, accountId: row.account_id }, { trx })
    // Its images go too: after a redraft's while, or a few seconds (the delete's own answer shows them).
    if (row.media_ids !== null) await ctx.queue.enqueue('media.purge', { statusId: row.id }, { trx, delayMs: opts.keepMediaForRedraft ? REDRAFT_MS : 5_000 })
    const reblogs = await trx.selectFrom('statuses').selectAll().where('reblog_of_id', '=', row.id).where('deleted_at', 'is', null).execute()
    for (const r of reblogs) {
      if (!(await softDelete(trx, r.id, now))) continue
      if (r.visibility !== 'direct') await bumpStatusesCount(trx, [r.account_id], -1)
      await ctx.queue.enqueue('status.deleted', { statusId: r.id, accountId: r.account_id }, { trx })
    }
    return reblogs
  })
  const rebloggers = reblogs.map((r) => r.account_id)
  ctx.cache.changed({
    statuses: [row.id, row.reblog_of_id, row.in_reply_to_id, row.quote_of_id, ...reblogs.map((r) => r.id)].filter((x): x is number => x !== null),
    accounts: [row.account_id, ...rebloggers],
    marks: row.reblog_of_id !== null ? [row.account_id, ...rebloggers] : rebloggers,
  })
}
