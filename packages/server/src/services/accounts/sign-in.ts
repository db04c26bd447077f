import type { AppContext } from '../../context.ts'
import type { UsersTable } from '../../storage/schema.ts'
import { hashPassword, verifyPassword } from './passwords.ts'

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

export type SignInResult = { ok: true; user: UsersTable } | { ok: false; reason: 'invalid' | 'pending' | 'unconfirmed' | 'suspended'; message: string }

/** Signs a person in on the web pages: right password, and an account that may act. */
export async function signInWithPassword(ctx: AppContext, email: string, password: string): Promise<SignInResult> {
  const user = await checkCredentials(ctx, email, password)
  if (!user) return { ok: false, reason: 'invalid', message: 'Invalid e-mail address or password.' }
  if (!user.confirmed) return { ok: false, reason: 'unconfirmed', message: 'Your e-mail address is not confirmed yet: follow the link in the e-mail we sent you.' }
  if (!user.approved) return { ok: false, reason: 'pending', message: 'Your account is waiting for approval by an administrator.' }
  const account = await ctx.db.selectFrom('accounts').select('suspended').where('id', '=', user.account_id).executeTakeFirst()
  if (!account || account.suspended) return { ok: false, reason: 'suspended', message: 'This account is suspended.' }
  return { ok: true, user }
}
