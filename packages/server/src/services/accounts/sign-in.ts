import type { AppContext } from '../../context.ts'
import { PhareError, TooManySignInAttempts } from '../../errors.ts'
import type { UsersTable } from '../../storage/schema.ts'
import { hashPassword, verifyPassword } from './passwords.ts'
import { clearSignInFailures, recordSignInFailure, signInWait, throttledError } from './sign-in-throttle.ts'

// A hash of a password nobody knows: checking an unknown e-mail costs as much as a
// known one, so response times do not reveal which addresses have accounts.
let decoy: Promise<string> | null = null

/** Returns the user whose e-mail and password match, or null; always spends one argon2 verification. */
export async function checkCredentials(ctx: AppContext, email: string, password: string): Promise<UsersTable | null> {
  const user = await ctx.db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst()
  if (!user) {
    decoy ??= hashPassword('phare decoy password, never used')
    await verifyPassword(await decoy, password)
    return null
  }
  return (await verifyPassword(user.password_hash, password)) ? user : null
}

/**
 * checkCredentials under the sign-in throttle (from network address `ip`): throws
 * TooManySignInAttempts (429) when the account or the address has failed too often.
 */
export async function checkCredentialsThrottled(ctx: AppContext, email: string, password: string, ip: string): Promise<UsersTable | null> {
  const wait = await signInWait(ctx, email, ip)
  if (wait > 0) throw throttledError(wait)
  // Counted as failed before the check, so a burst of parallel guesses is counted while argon2 runs.
  const ids = await recordSignInFailure(ctx, email, ip)
  const user = await checkCredentials(ctx, email, password)
  if (user) await clearSignInFailures(ctx, email, ids)
  return user
}

export type SignInResult =
  | { ok: true; user: UsersTable }
  | { ok: false; reason: 'invalid' | 'pending' | 'unconfirmed' | 'suspended'; message: string }
  | { ok: false; reason: 'throttled'; message: string; retryAfterSeconds: number }

/** Signs a person in on the web pages: right password, an account that may act, and not throttled. */
export async function signInWithPassword(ctx: AppContext, email: string, password: string, ip: string): Promise<SignInResult> {
  let user: UsersTable | null
  try { user = await checkCredentialsThrottled(ctx, email, password, ip) } catch (err) {
    if (err instanceof PhareError && err.code === TooManySignInAttempts.code) {
      return { ok: false, reason: 'throttled', message: err.message, retryAfterSeconds: Number(err.details?.retry_after ?? 60) }
    }
    throw err
  }
  if (!user) return { ok: false, reason: 'invalid', message: 'Invalid e-mail address or password.' }
  if (!user.confirmed) return { ok: false, reason: 'unconfirmed', message: 'Your e-mail address is not confirmed yet: follow the link in the e-mail we sent you.' }
  if (!user.approved) return { ok: false, reason: 'pending', message: 'Your account is waiting for approval by an administrator.' }
  const account = await ctx.db.selectFrom('accounts').select('suspended').where('id', '=', user.account_id).executeTakeFirst()
  if (!account || account.suspended) return { ok: false, reason: 'suspended', message: 'This account is suspended.' }
  return { ok: true, user }
}
