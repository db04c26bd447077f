import type { AppContext } from '../../context.ts'
import { AccountPending, AccountUnconfirmed, InvalidGrant, InvalidRequest, InvalidScope, UnsupportedGrantType } from '../../errors.ts'
import { authenticateClient } from './apps.ts'
import { parseScopes, scopesWithin } from './scopes.ts'
import { issueToken, type IssuedToken } from './tokens.ts'
import { checkCredentialsThrottled } from '../accounts/sign-in.ts'
import { redeemCode } from './codes.ts'

export interface TokenRequest {
  grant_type: string
  client_id?: string
  client_secret?: string
  code?: string
  redirect_uri?: string
  code_verifier?: string
  scope?: string
  username?: string
  password?: string
}

/** The token endpoint's rules for every grant type Phare accepts; `ip` is the caller's address (sign-in throttle). */
export async function exchangeToken(ctx: AppContext, r: TokenRequest, ip: string): Promise<IssuedToken> {
  switch (r.grant_type) {
    case 'client_credentials': {
      const app = await authenticateClient(ctx, r.client_id, r.client_secret ?? '')
      const scopes = scopesFor(r.scope, app.scopes)
      return issueToken(ctx, app.id, null, scopes)
    }
    case 'password': {
      const app = await authenticateClient(ctx, r.client_id, r.client_secret ?? '')
      if (!r.username || !r.password) throw InvalidRequest('username and password are required')
      const user = await checkCredentialsThrottled(ctx, r.username, r.password, ip)
      if (!user) throw InvalidGrant('The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.')
      if (!user.approved) throw AccountPending()
      if (!user.confirmed) throw AccountUnconfirmed()
      return issueToken(ctx, app.id, user.account_id, scopesFor(r.scope, app.scopes))
    }
    case 'authorization_code': {
      // PKCE public clients send no secret; confidential ones must send theirs.
      const app = await authenticateClient(ctx, r.client_id, r.code_verifier ? r.client_secret : (r.client_secret ?? ''))
      const grant = await redeemCode(ctx, app, r)
      return issueToken(ctx, app.id, grant.accountId, grant.scopes)
    }
    default:
      throw UnsupportedGrantType(r.grant_type)
  }
}

function scopesFor(requested: string | undefined, registered: string): string[] {
  const reg = registered.split(' ')
  const scopes = requested ? parseScopes(requested) : reg
  if (!scopes || !scopesWithin(scopes, reg)) throw InvalidScope(requested ?? '')
  return scopes
}
