// What a shared link (`/@alice`, `/@alice/123`) shows to someone who is not signed in, e.g.
// a link-preview robot of another site: only what anyone may see, checked by the one
// visibility rule with an anonymous viewer.
import type { AppContext } from '../../context.ts'
import { NotFound } from '../../errors.ts'
import type { AccountsTable } from '../../storage/schema.ts'
import { lookupAccount } from '../accounts/lookup.ts'
import { visibleStatus } from '../statuses/visible.ts'
import type { StatusRow } from '../visibility.ts'

/** The post behind `/@acct/id` when anyone may see it (public or unlisted) and `acct` wrote it; NotFound otherwise. */
export async function sharedPost(ctx: AppContext, acct: string, rawId: string): Promise<StatusRow> {
  const author = await lookupAccount(ctx, acct)
  const row = await visibleStatus(ctx, null, rawId)
  if (row.account_id !== author.id) throw NotFound()
  return row
}

/** The profile behind `/@acct`; NotFound for unknown and suspended accounts. */
export async function sharedProfile(ctx: AppContext, acct: string): Promise<AccountsTable> {
  return lookupAccount(ctx, acct)
}
