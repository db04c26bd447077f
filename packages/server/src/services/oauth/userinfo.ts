import type { AppContext } from '../../context.ts'
import { NotFound } from '../../errors.ts'
import { renderAccount } from '../../views/account.ts'

/** The claims Mastodon returns from /oauth/userinfo. */
export async function userInfo(ctx: AppContext, accountId: number) {
  const a = await ctx.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst()
  if (!a) throw NotFound()
  const json = renderAccount(ctx, a)
  return {
    iss: `${ctx.config.publicUrl}/`, sub: json.uri, name: json.display_name || json.username,
    preferred_username: json.username, profile: json.url, picture: json.avatar,
  }
}
