// Signed-in browsers on the OAuth pages. The cookie holds a random id; the
// database holds only its hash, so a leaked table cannot be replayed as cookies.
import type { AppContext } from '../../context.ts'
import { hashToken } from '../../http/auth.ts'
import { newSecret } from './tokens.ts'

export const WEB_SESSION_TTL_MS = 7 * 24 * 3600_000

export interface WebSession { userId: number; accountId: number; csrf: string }

/** Starts a session for a user; returns the raw id for the cookie and the session's CSRF token. */
export async function startWebSession(ctx: AppContext, userId: number, now = Date.now()): Promise<{ id: string; csrf: string }> {
  const id = newSecret()
  const csrf = newSecret()
  await ctx.db.deleteFrom('web_sessions').where('user_id', '=', userId).where('expires_at', '<=', now).execute()
  await ctx.db.insertInto('web_sessions').values({ id_hash: hashToken(id), user_id: userId, csrf_token: csrf, created_at: now, expires_at: now + WEB_SESSION_TTL_MS }).execute()
  return { id, csrf }
}

/** The live session behind a cookie value, or null (unknown, expired, or its person can no longer sign in). */
export async function webSessionFor(ctx: AppContext, rawId: string | undefined, now = Date.now()): Promise<WebSession | null> {
  if (!rawId) return null
  const row = await ctx.db.selectFrom('web_sessions as s').innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('accounts as a', 'a.id', 'u.account_id')
    .select(['s.user_id', 's.csrf_token', 's.expires_at', 'u.account_id', 'u.approved', 'u.confirmed', 'a.suspended'])
    .where('s.id_hash', '=', hashToken(rawId)).executeTakeFirst()
  if (!row) return null
  if (row.expires_at <= now || !row.approved || !row.confirmed || row.suspended) {
    await endWebSession(ctx, rawId)
    return null
  }
  return { userId: row.user_id, accountId: row.account_id, csrf: row.csrf_token }
}

/** Ends a session (sign-out, or expired). */
export async function endWebSession(ctx: AppContext, rawId: string): Promise<void> {
  await ctx.db.deleteFrom('web_sessions').where('id_hash', '=', hashToken(rawId)).execute()
}

/** Ends every session of a user, e.g. after a password reset. */
export async function endWebSessionsOf(ctx: AppContext, userId: number): Promise<void> {
  await ctx.db.deleteFrom('web_sessions').where('user_id', '=', userId).execute()
}
