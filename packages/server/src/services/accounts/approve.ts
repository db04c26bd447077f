import type { AppContext } from '../../context.ts'
import { NotFound } from '../../errors.ts'

/** Approves a pending sign-up by username; false when it was approved already. */
export async function approveAccount(ctx: AppContext, username: string): Promise<boolean> {
  const row = await ctx.db.selectFrom('users as u').innerJoin('accounts as a', 'a.id', 'u.account_id')
    .select(['u.id', 'u.approved']).where('a.username_key', '=', username.replace(/^@/, '').toLowerCase()).executeTakeFirst()
  if (!row) throw NotFound()
  if (row.approved) return false
  await ctx.db.updateTable('users').set({ approved: 1 }).where('id', '=', row.id).execute()
  return true
}
