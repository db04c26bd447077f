// Blocks between accounts.
import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import { nextId } from '../../ids.ts'

type Db = Kysely<Database>

/** True when a blocks b or b blocks a. */
export async function blockedEitherWay(db: Db, a: number, b: number): Promise<{ aBlocksB: boolean; bBlocksA: boolean }> {
  const rows = await db.selectFrom('blocks').select(['account_id'])
    .where((eb) => eb.or([
      eb.and([eb('account_id', '=', a), eb('target_account_id', '=', b)]),
      eb.and([eb('account_id', '=', b), eb('target_account_id', '=', a)]),
    ])).execute()
  return { aBlocksB: rows.some((r) => r.account_id === a), bBlocksA: rows.some((r) => r.account_id === b) }
}

/** Inserts a block unless it exists; returns true when this call created it. */
export async function insertBlock(db: Db, accountId: number, targetId: number, now = Date.now()): Promise<boolean> {
  const r = await db.insertInto('blocks').values({ id: nextId(), account_id: accountId, target_account_id: targetId, created_at: now })
    .onConflict((c) => c.columns(['account_id', 'target_account_id']).doNothing()).executeTakeFirst()
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0
}

/** Deletes a block; true when one was deleted. */
export async function deleteBlock(db: Db, accountId: number, targetId: number): Promise<boolean> {
  const r = await db.deleteFrom('blocks').where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

/** The accounts someone blocks, keyed by block id for pagination. */
export function pageOfBlocks(db: Db, accountId: number) {
  return db.selectFrom('blocks').select(['id', 'target_account_id as other_id']).where('account_id', '=', accountId)
}
