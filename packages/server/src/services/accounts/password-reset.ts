import type { AppContext } from '../../context.ts'
import { ValidationFailed } from '../../errors.ts'
import { hashToken } from '../../http/auth.ts'
import { hashPassword } from './passwords.ts'
import { endWebSessionsOf } from '../oauth/web-sessions.ts'

/** Queues a reset e-mail when the address has an account; says nothing either way, so addresses cannot be probed. */
export async function requestPasswordReset(ctx: AppContext, email: string): Promise<void> {
  const user = await ctx.db.selectFrom('users').select('id').where('email', '=', email.trim().toLowerCase()).executeTakeFirst()
  if (user) await ctx.queue.enqueue('mail.password_reset', { userId: user.id })
}

/** The user a reset link is for, or null when the link is unknown or older than an hour. */
export async function userForResetToken(ctx: AppContext, token: string | undefined, now = Date.now()): Promise<number | null> {
  if (!token) return null
  const u = await ctx.db.selectFrom('users').select(['id', 'reset_expires_at'])
    .where('reset_token_hash', '=', hashToken(token)).executeTakeFirst()
  return u && u.reset_expires_at !== null && u.reset_expires_at > now ? u.id : null
}

/** Sets a new password from a reset link; the link then stops working and every session and token is revoked. */
export async function resetPassword(ctx: AppContext, token: string | undefined, password: string, now = Date.now()): Promise<boolean> {
  const userId = await userForResetToken(ctx, token, now)
  if (userId === null) return false
  if (password.length < 8) throw ValidationFailed('password', 'is too short (minimum is 8 characters)')
  if (password.length > 1000) throw ValidationFailed('password', 'is too long (maximum is 1000 characters)')
  const hash = await hashPassword(password)
  const r = await ctx.db.updateTable('users').set({ password_hash: hash, reset_token_hash: null, reset_expires_at: null })
    .where('id', '=', userId).where('reset_token_hash', '=', hashToken(token!)).executeTakeFirst()
  if (Number(r.numUpdatedRows) !== 1) return false
  const u = await ctx.db.selectFrom('users').select('account_id').where('id', '=', userId).executeTakeFirstOrThrow()
  // The reset may be the owner locking out a thief: nothing the thief holds keeps working.
  await ctx.db.updateTable('access_tokens').set({ revoked: 1 }).where('account_id', '=', u.account_id).execute()
  ctx.cache.changed({ tokens: true })
  await endWebSessionsOf(ctx, userId)
  return true
}
