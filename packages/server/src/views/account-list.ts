import type { AppContext } from '../context.ts'
import { loadAccounts, type AccountJson } from './account.ts'

/** Renders accounts in the given order in one query, leaving out missing and suspended ones. */
export async function renderAccountList(ctx: AppContext, ids: number[]): Promise<AccountJson[]> {
  const accounts = await loadAccounts(ctx, ids)
  const suspended = ids.length
    ? new Set((await ctx.db.selectFrom('accounts').select('id').where('id', 'in', [...new Set(ids)]).where('suspended', '=', 1).execute()).map((r) => r.id))
    : new Set<number>()
  return ids.filter((id) => !suspended.has(id)).map((id) => accounts.get(id)).filter((a): a is AccountJson => !!a)
}

/** Mastodon's FamiliarFollowers entities: `{ id, accounts }` per account asked about, accounts loaded in one query. */
export async function renderFamiliarFollowers(ctx: AppContext, rows: { id: number; accountIds: number[] }[]): Promise<{ id: string; accounts: AccountJson[] }[]> {
  const accounts = await loadAccounts(ctx, rows.flatMap((r) => r.accountIds))
  return rows.map((r) => ({ id: String(r.id), accounts: r.accountIds.map((a) => accounts.get(a)).filter((a): a is AccountJson => !!a) }))
}
