// The rules of the social graph, once: who may follow whom, and when a follow
// must be a request. Every graph service goes through these.
import type { Kysely } from 'kysely'
import type { Database, AccountsTable } from '../../storage/schema.ts'
import { Blocked, NotFound, SelfRelation } from '../../errors.ts'
import { blockedEitherWay } from '../../storage/repos/blocks.ts'

type Db = Kysely<Database>

/** The account a relationship is about; suspended and missing accounts are 404, as Mastodon answers. */
export async function targetAccount(db: Db, id: number | null): Promise<AccountsTable> {
  if (id === null) throw NotFound()
  const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row || row.suspended) throw NotFound()
  return row
}

/** Nobody follows, blocks or mutes themselves. */
export function assertNotSelf(me: number, target: number, action: string): void {
  if (me === target) throw SelfRelation(action)
}

/** A follow is refused (403 `blocked`, as Mastodon's NotPermittedError) when either side blocks the other. */
export async function assertMayFollow(db: Db, me: number, target: number): Promise<void> {
  assertNotSelf(me, target, 'follow')
  const b = await blockedEitherWay(db, me, target)
  if (b.aBlocksB || b.bBlocksA) throw Blocked()
}

/** A locked account approves its followers: following it creates a request. */
export const needsApproval = (target: Pick<AccountsTable, 'locked'>) => !!target.locked
