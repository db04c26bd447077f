// Deleting an account, the part that must happen at once: the account disappears (suspended
// accounts are 404 everywhere and cannot sign in) and every way in is closed, in one
// transaction. Its posts, media and relations are then removed by the `account.delete` job
// (services/accounts/erase-account.ts), in batches, however large the account.
import type { AppContext } from '../../context.ts'
import type { UserViewer } from '../../http/auth.ts'
import { NotFound, WrongPassword } from '../../errors.ts'
import { deleteNotificationsByKey } from '../../storage/repos/notifications.ts'
import { verifyPassword } from './passwords.ts'
import { clearSignInFailures, recordSignInFailure, signInWait, throttledError } from './sign-in-throttle.ts'

/** What a deletion request did at once; the rest follows in the background. */
export interface DeletionStarted {
  accountId: number
  username: string
  /** the account was already gone (suspended) before this call */
  already: boolean
  tokensRevoked: number
  sessionsEnded: number
  requestsDropped: number
  /** live posts and reposts the background job will remove */
  posts: number
}

/**
 * Deletes an account: suspends it, revokes its tokens, ends its browser sessions, drops
 * pending follow requests either way, and queues `account.delete` for everything else.
 * Idempotent: asking again only queues the (idempotent) job again.
 */
export async function deleteAccount(ctx: AppContext, accountId: number, opts: { by: 'self' | 'admin' }): Promise<DeletionStarted> {
  const done = await ctx.db.transaction().execute(async (trx) => {
    const account = await trx.selectFrom('accounts').select(['id', 'username', 'suspended']).where('id', '=', accountId).executeTakeFirst()
    if (!account) throw NotFound()
    const user = await trx.selectFrom('users').select('id').where('account_id', '=', accountId).executeTakeFirst()
    await trx.updateTable('accounts').set({ suspended: 1 }).where('id', '=', accountId).execute()
    const tokens = await trx.selectFrom('access_tokens').select('token_hash').where('account_id', '=', accountId).where('revoked', '=', 0).execute()
    if (tokens.length) await trx.updateTable('access_tokens').set({ revoked: 1 }).where('account_id', '=', accountId).where('revoked', '=', 0).execute()
    const sessions = user ? await trx.deleteFrom('web_sessions').where('user_id', '=', user.id).executeTakeFirst() : null
    await trx.deleteFrom('oauth_codes').where('account_id', '=', accountId).execute()
    const requests = await trx.selectFrom('follow_requests').select(['id', 'account_id', 'target_account_id'])
      .where((eb) => eb.or([eb('account_id', '=', accountId), eb('target_account_id', '=', accountId)])).execute()
    if (requests.length) {
      await trx.deleteFrom('follow_requests').where('id', 'in', requests.map((r) => r.id)).execute()
      await deleteNotificationsByKey(trx, requests.map((r) => `follow_request:${r.id}`))
    }
    const posts = await trx.selectFrom('statuses').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId).where('deleted_at', 'is', null).executeTakeFirstOrThrow()
    await ctx.queue.enqueue('account.delete', { accountId }, { trx })
    return {
      accountId, username: account.username, already: !!account.suspended,
      tokens: tokens.map((t) => t.token_hash), sessionsEnded: Number(sessions?.numDeletedRows ?? 0),
      others: requests.map((r) => (r.account_id === accountId ? r.target_account_id : r.account_id)), posts: Number(posts.n),
    }
  })
  ctx.cache.changed({ accounts: [accountId, ...done.others], relations: [accountId, ...done.others], tokens: done.tokens })
  ctx.log.info({ accountId, by: opts.by, posts: done.posts }, 'account deletion started')
  const { tokens, others, ...rest } = done
  return { ...rest, tokensRevoked: tokens.length, requestsDropped: others.length }
}

/**
 * The signed-in person deletes their own account, once they prove they know its password.
 * Wrong guesses count in the sign-in throttle, as for a password change.
 */
export async function deleteOwnAccount(ctx: AppContext, viewer: UserViewer, password: string, ip: string): Promise<DeletionStarted> {
  const user = await ctx.db.selectFrom('users').select(['email', 'password_hash']).where('id', '=', viewer.userId).executeTakeFirstOrThrow()
  const wait = await signInWait(ctx, user.email, ip)
  if (wait > 0) throw throttledError(wait)
  const attempt = await recordSignInFailure(ctx, user.email, ip)
  if (!(await verifyPassword(user.password_hash, password))) throw WrongPassword()
  await clearSignInFailures(ctx, user.email, attempt)
  return deleteAccount(ctx, viewer.accountId, { by: 'self' })
}

/** An operator deletes an account by username (`@alice` or `alice`); a deleted one can be asked again. */
export async function deleteAccountNamed(ctx: AppContext, username: string): Promise<DeletionStarted> {
  const key = username.trim().replace(/^@/, '').toLowerCase()
  const row = await ctx.db.selectFrom('accounts').select('id').where('username_key', '=', key).executeTakeFirst()
  if (!row) throw NotFound()
  return deleteAccount(ctx, row.id, { by: 'admin' })
}
