// Who is told about a new post: the people it mentions, the author of the post it
// quotes, and followers who asked to be notified of this author's posts.
import type { AppContext } from '../../context.ts'
import { canSee, relationsFor } from '../visibility.ts'
import { createNotification } from './create.ts'
import { statusEntries } from '../../storage/cache/load.ts'
import { asViewer } from './viewer.ts'

/** Handles `status.notify`: mention, quote and status notifications for one post. Idempotent. */
export async function notifyAboutStatus(ctx: AppContext, statusId: number): Promise<void> {
  // Through the cache: the post was put there when it was written.
  const entry = (await statusEntries(ctx, [statusId])).get(statusId)
  if (!entry || entry.row.deleted_at !== null || entry.row.reblog_of_id !== null) return
  const status = entry.row
  const author = status.account_id

  const mentioned = entry.mentions.filter((id) => id !== author)
  for (const accountId of mentioned) {
    // A mention in a post the person cannot see (e.g. followers-only, and they do not follow) tells them nothing.
    const rel = await relationsFor(ctx, asViewer(accountId), [status])
    if (!canSee(rel, status)) continue
    await createNotification(ctx, { accountId, fromAccountId: author, type: 'mention', statusId, dedupeKey: `mention:${statusId}:${accountId}` })
  }

  if (status.quote_of_id !== null) {
    const quoted = await ctx.db.selectFrom('statuses').select(['account_id']).where('id', '=', status.quote_of_id).executeTakeFirst()
    if (quoted && quoted.account_id !== author) {
      await createNotification(ctx, { accountId: quoted.account_id, fromAccountId: author, type: 'quote', statusId, dedupeKey: `quote:${statusId}` })
    }
  }

  // As Mastodon: subscribers hear of posts and self-replies, not of replies to others, nor of direct messages.
  const replyToOther = status.in_reply_to_id !== null && status.in_reply_to_account_id !== author
  if (replyToOther || status.visibility === 'direct') return
  const told = new Set(mentioned)
  const subscribers = await ctx.db.selectFrom('follows').select('account_id')
    .where('target_account_id', '=', author).where('notify', '=', 1).execute()
  for (const { account_id: accountId } of subscribers) {
    if (told.has(accountId)) continue
    await createNotification(ctx, { accountId, fromAccountId: author, type: 'status', statusId, dedupeKey: `status:${statusId}:${accountId}` })
  }
}
