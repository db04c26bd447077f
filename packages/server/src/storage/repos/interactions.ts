// Favourites, bookmarks and pins: one row per (account, post), unique.
import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import { nextId } from '../../ids.ts'

type Db = Kysely<Database>
export type InteractionTable = 'favourites' | 'bookmarks' | 'pins'

/** Inserts the row unless it exists; true when this call created it (counters move only then). */
export async function addInteraction(db: Db, table: InteractionTable, accountId: number, statusId: number): Promise<boolean> {
  const r = await db.insertInto(table).values({ id: nextId(), account_id: accountId, status_id: statusId })
    .onConflict((c) => c.columns(['account_id', 'status_id']).doNothing()).executeTakeFirst()
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0
}

/** Deletes the row; true when one was deleted. */
export async function removeInteraction(db: Db, table: InteractionTable, accountId: number, statusId: number): Promise<boolean> {
  const r = await db.deleteFrom(table).where('account_id', '=', accountId).where('status_id', '=', statusId).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

/** How many live posts someone has pinned. */
export async function countPins(db: Db, accountId: number): Promise<number> {
  const r = await db.selectFrom('pins as p').innerJoin('statuses as s', 's.id', 'p.status_id')
    .select((eb) => eb.fn.countAll<number>().as('n')).where('p.account_id', '=', accountId).where('s.deleted_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** Who favourited a post, keyed by favourite id. */
export function pageOfFavourites(db: Db, statusId: number) {
  return db.selectFrom('favourites').select(['id', 'account_id']).where('status_id', '=', statusId)
}
