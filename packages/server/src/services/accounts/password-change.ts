import type { AppContext } from '../../context.ts'
import type { UserViewer } from '../../http/auth.ts'
import { ValidationFailed, WrongPassword } from '../../errors.ts'
import { hashPassword, verifyPassword } from './passwords.ts'
import { clearSignInFailures, recordSignInFailure, signInWait, throttledError } from './sign-in-throttle.ts'
import { endWebSessionsOf } from '../oauth/web-sessions.ts'

/**
 * Changes the signed-in person's password once they prove they know the current one.
 * Every other token and every browser sign-in session is revoked: a password is changed
 * most urgently when someone else knows it. Wrong guesses count in the sign-in throttle.
 */
export async function changePassword(ctx: AppContext, viewer: UserViewer, current: string, next: string, ip: string): Promise<void> {
  if (next.length < 8) throw ValidationFailed('new_password', 'is too short (minimum is 8 characters)')
  if (next.length > 1000) throw ValidationFailed('new_password', 'is too long (maximum is 1000 characters)')
  const user = await ctx.db.selectFrom('users').select(['id', 'email', 'password_hash']).where('id', '=', viewer.userId).executeTakeFirstOrThrow()
  const wait = await signInWait(ctx, user.email, ip)
  if (wait > 0) throw throttledError(wait)
  const attempt = await recordSignInFailure(ctx, user.email, ip)
  if (!(await verifyPassword(user.password_hash, current))) throw WrongPassword()
  await clearSignInFailures(ctx, user.email, attempt)

  const hash = await hashPassword(next)
  const revoked = await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash }).where('id', '=', user.id).execute()
    const others = await trx.selectFrom('access_tokens').select(['id', 'token_hash'])
      .where('account_id', '=', viewer.accountId).where('revoked', '=', 0).where('id', '!=', viewer.tokenId).execute()
    if (others.length) await trx.updateTable('access_tokens').set({ revoked: 1 }).where('id', 'in', others.map((t) => t.id)).execute()
    return others.map((t) => t.token_hash)
  })
  if (revoked.length) ctx.cache.changed({ tokens: revoked })
  await endWebSessionsOf(ctx, user.id)
}
