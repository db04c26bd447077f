// The rules of GET/POST /oauth/authorize (RFC 6749 §4.1, RFC 7636), without HTTP.
// Until the client and its redirect_uri are known good, errors are shown to the
// person and never sent anywhere: redirecting to an unchecked URI is an open redirect.
import type { AppContext } from '../../context.ts'
import { InvalidClient, InvalidRequest } from '../../errors.ts'
import type { AppsTable } from '../../storage/schema.ts'
import { issueCode } from './codes.ts'
import { parseScopes, scopesWithin } from './scopes.ts'

export const OOB = 'urn:ietf:wg:oauth:2.0:oob'

export interface AuthorizeParams {
  client_id?: string
  redirect_uri?: string
  response_type?: string
  scope?: string
  state?: string
  code_challenge?: string
  code_challenge_method?: string
}

/** A checked authorization request: the app, where to send the answer, and what is asked. */
export interface AuthorizeRequest {
  app: AppsTable
  redirectUri: string
  state: string | null
  scopes: string[]
  codeChallenge: string | null
  codeChallengeMethod: 'S256' | null
  /** set when the request is wrong in a way the app must be told about (sent to redirectUri) */
  error: { error: string; description: string } | null
}

/** Checks an authorization request. Throws (to be shown, not redirected) for a bad client or redirect_uri. */
export async function checkAuthorizeRequest(ctx: AppContext, p: AuthorizeParams): Promise<AuthorizeRequest> {
  if (!p.client_id) throw InvalidClient()
  const app = await ctx.db.selectFrom('apps').selectAll().where('client_id', '=', p.client_id).executeTakeFirst()
  if (!app) throw InvalidClient()
  const registered = app.redirect_uris.split('\n')
  // Omitting redirect_uri is fine only when the app registered exactly one.
  const redirectUri = p.redirect_uri ?? (registered.length === 1 ? registered[0] : '')
  if (!registered.includes(redirectUri)) throw InvalidRequest('The redirect_uri is not one this application registered')
  const base = { app, redirectUri, state: p.state ?? null, scopes: [] as string[], codeChallenge: null, codeChallengeMethod: null }
  const fail = (error: string, description: string): AuthorizeRequest => ({ ...base, error: { error, description } })

  if (p.response_type !== 'code') return fail('unsupported_response_type', 'Only response_type=code is supported')
  const scopes = parseScopes(p.scope, app.scopes.split(' ').includes('read') ? 'read' : app.scopes)
  if (!scopes || !scopesWithin(scopes, app.scopes.split(' '))) return fail('invalid_scope', 'The requested scope is invalid, unknown, or malformed')
  if (p.code_challenge === undefined) {
    if (p.code_challenge_method !== undefined) return fail('invalid_request', 'code_challenge_method without code_challenge')
    return { ...base, scopes, error: null }
  }
  // Mastodon supports S256 only; "plain" (also the default when the method is omitted) offers no protection.
  if (p.code_challenge_method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256')
  if (!/^[A-Za-z0-9\-_]{43}$/.test(p.code_challenge)) return fail('invalid_request', 'code_challenge must be the base64url SHA-256 of the code_verifier')
  return { ...base, scopes, codeChallenge: p.code_challenge, codeChallengeMethod: 'S256', error: null }
}

/** Where the answer goes: the redirect URI with `params` added, or null for the out-of-band URI (shown on a page). */
export function answerUrl(req: Pick<AuthorizeRequest, 'redirectUri' | 'state'>, params: Record<string, string>): string | null {
  if (req.redirectUri === OOB) return null
  const u = new URL(req.redirectUri)
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v)
  if (req.state !== null) u.searchParams.set('state', req.state)
  return u.toString()
}

/** The person approved: issues a code for them. */
export async function approveAuthorization(ctx: AppContext, req: AuthorizeRequest, accountId: number): Promise<{ code: string; url: string | null }> {
  if (req.error) throw InvalidRequest(req.error.description)
  const code = await issueCode(ctx, {
    appId: req.app.id, accountId, scopes: req.scopes, redirectUri: req.redirectUri,
    codeChallenge: req.codeChallenge, codeChallengeMethod: req.codeChallengeMethod,
  })
  return { code, url: answerUrl(req, { code }) }
}
