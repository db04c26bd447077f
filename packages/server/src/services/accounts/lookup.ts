import type { AppContext } from '../../context.ts'
import { localDomain } from '../../config.ts'
import { NotFound } from '../../errors.ts'
import { parseId } from '../../ids.ts'
import type { AccountsTable } from '../../storage/schema.ts'

/** One account by id; suspended and unknown accounts are both 404. */
export async function getAccount(ctx: AppContext, rawId: unknown): Promise<AccountsTable> {
  const id = parseId(rawId)
  if (id === null) throw NotFound()
  const a = await ctx.db.selectFrom('accounts').selectAll().where('id', '=', id).where('suspended', '=', 0).executeTakeFirst()
  if (!a) throw NotFound()
  return a
}

/** Several accounts by id, in the order asked, leaving out unknown and suspended ones. */
export async function getAccounts(ctx: AppContext, rawIds: unknown[]): Promise<AccountsTable[]> {
  const ids = [...new Set(rawIds.map(parseId).filter((x): x is number => x !== null))]
  if (ids.length === 0) return []
  const rows = await ctx.db.selectFrom('accounts').selectAll().where('id', 'in', ids).where('suspended', '=', 0).execute()
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.map((id) => byId.get(id)).filter((r): r is AccountsTable => !!r)
}

/** Finds a local account by handle: `alice`, `@alice` or `alice@this.domain`. */
export async function lookupAccount(ctx: AppContext, acct: string): Promise<AccountsTable> {
  const [username, domain, ...rest] = acct.trim().replace(/^@/, '').split('@')
  if (rest.length || !username) throw NotFound()
  // Federation is not there yet: another server's handle is simply not found here.
  if (domain !== undefined && domain.toLowerCase() !== localDomain(ctx.config).toLowerCase()) throw NotFound()
  const a = await ctx.db.selectFrom('accounts').selectAll()
    .where('username_key', '=', username.toLowerCase()).where('suspended', '=', 0).executeTakeFirst()
  if (!a) throw NotFound()
  return a
}
