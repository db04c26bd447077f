import type { AppContext } from '../../context.ts'
import { hashToken } from '../../http/auth.ts'

/** Confirms the address whose link carries `token`; true when it matched an unconfirmed address. */
export async function confirmEmail(ctx: AppContext, token: string | undefined): Promise<boolean> {
  if (!token) return false
  const r = await ctx.db.updateTable('users').set({ confirmed: 1, confirmation_token: null })
    .where('confirmation_token', '=', hashToken(token)).where('confirmed', '=', 0).executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}
