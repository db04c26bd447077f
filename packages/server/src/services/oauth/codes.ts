import { createHash } from 'node:crypto'
import type { AppContext } from '../../context.ts'
import { InvalidGrant, InvalidRequest } from '../../errors.ts'
import { hashToken } from '../../http/auth.ts'
import type { AppsTable } from '../../storage/schema.ts'
import { newSecret } from './tokens.ts'

/** An authorization code lives ten minutes (RFC 6749 §4.1.2 recommends at most ten). */
export const CODE_TTL_MS = 10 * 60_000

// RFC 7636 §4.1: 43 to 128 characters of the unreserved set.
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/
const INVALID = 'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.'

export interface CodeGrant {
  appId: number
  accountId: number
  scopes: string[]
  redirectUri: string
  codeChallenge: string | null
  codeChallengeMethod: 'S256' | null
}

/** Issues a single-use authorization code; only its hash is stored. */
export async function issueCode(ctx: AppContext, g: CodeGrant, now = Date.now()): Promise<string> {
  const code = newSecret()
  // Expired codes are useless; clearing them here keeps the table small without a sweeper job.
  await ctx.db.deleteFrom('oauth_codes').where('expires_at', '<', now).execute()
  await ctx.db.insertInto('oauth_codes').values({
    code_hash: hashToken(code), app_id: g.appId, account_id: g.accountId, scopes: g.scopes.join(' '),
    redirect_uri: g.redirectUri, code_challenge: g.codeChallenge, code_challenge_method: g.codeChallengeMethod,
    expires_at: now + CODE_TTL_MS, used: 0,
  }).execute()
  return code
}

/** The S256 transformation of a PKCE verifier (RFC 7636 §4.2). */
export const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url')

/** Redeems an authorization code: same client, same redirect_uri, PKCE S256, unexpired, and only once. */
export async function redeemCode(ctx: AppContext, app: AppsTable, r: { code?: string; redirect_uri?: string; code_verifier?: string }, now = Date.now()): Promise<{ accountId: number; scopes: string[] }> {
  if (!r.code) throw InvalidRequest('code is required')
  const row = await ctx.db.selectFrom('oauth_codes').selectAll().where('code_hash', '=', hashToken(r.code)).executeTakeFirst()
  if (!row || row.app_id !== app.id || row.used || row.expires_at <= now) throw InvalidGrant(INVALID)
  // RFC 6749 §4.1.3: the redirect_uri must be identical to the one the code was issued for.
  if (r.redirect_uri !== row.redirect_uri) throw InvalidGrant(INVALID)
  if (row.code_challenge !== null) {
    if (!r.code_verifier || !VERIFIER.test(r.code_verifier)) throw InvalidGrant('The code_verifier is missing or malformed')
    if (row.code_challenge_method !== 'S256' || s256(r.code_verifier) !== row.code_challenge) throw InvalidGrant('The code_verifier does not match the code_challenge')
  }
  // The conditional update is the single-use guard: of two racing redemptions, one wins.
  const claimed = await ctx.db.updateTable('oauth_codes').set({ used: 1 })
    .where('code_hash', '=', row.code_hash).where('used', '=', 0).executeTakeFirst()
  if (Number(claimed.numUpdatedRows) !== 1) throw InvalidGrant(INVALID)
  const user = await ctx.db.selectFrom('users as u').innerJoin('accounts as a', 'a.id', 'u.account_id')
    .select(['a.suspended']).where('u.account_id', '=', row.account_id).executeTakeFirst()
  if (!user || user.suspended) throw InvalidGrant(INVALID)
  return { accountId: row.account_id, scopes: row.scopes.split(' ') }
}
