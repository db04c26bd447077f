import type { AppContext } from '../../context.ts'
import { UnauthorizedClient } from '../../errors.ts'
import { hashToken } from '../../http/auth.ts'
import { authenticateClient } from './apps.ts'

/** RFC 7009 revocation: an unknown token is not an error; another client's token is refused. */
export async function revokeToken(ctx: AppContext, r: { client_id?: string; client_secret?: string; token?: string }): Promise<void> {
  // A client that can keep no secret (PKCE) may still revoke its own tokens with its id alone.
  const app = await authenticateClient(ctx, r.client_id, r.client_secret)
  if (!r.token) return
  const row = await ctx.db.selectFrom('access_tokens').select(['id', 'app_id']).where('token_hash', '=', hashToken(r.token)).executeTakeFirst()
  if (!row) return
  if (row.app_id !== app.id) throw UnauthorizedClient()
  await ctx.db.updateTable('access_tokens').set({ revoked: 1 }).where('id', '=', row.id).execute()
  ctx.cache.changed({ tokens: [hashToken(r.token)] })
}
