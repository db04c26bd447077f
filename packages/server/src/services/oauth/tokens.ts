import { randomBytes } from 'node:crypto'
import type { AppContext } from '../../context.ts'
import { hashToken } from '../../http/auth.ts'
import { nextId } from '../../ids.ts'

/** Random, URL-safe secret of 32 bytes. */
export const newSecret = () => randomBytes(32).toString('base64url')

export interface IssuedToken {
  access_token: string
  token_type: 'Bearer'
  scope: string
  created_at: number
}

/** Issues an access token; only its hash is stored. */
export async function issueToken(ctx: AppContext, appId: number, accountId: number | null, scopes: string[]): Promise<IssuedToken> {
  const token = newSecret()
  const now = Date.now()
  await ctx.db.insertInto('access_tokens').values({
    id: nextId(), token_hash: hashToken(token), app_id: appId, account_id: accountId,
    scopes: scopes.join(' '), created_at: now, last_used_at: null, revoked: 0,
  }).execute()
  return { access_token: token, token_type: 'Bearer', scope: scopes.join(' '), created_at: Math.floor(now / 1000) }
}
