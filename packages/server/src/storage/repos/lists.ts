// Lists and their members.
import type { Kysely } from 'kysely'
import type { Database, ListsTable } from '../schema.ts'
import { nextId } from '../../ids.ts'

type Db = Kysely<Database>
export type ListRow = ListsTable

/** One of `ownerId`'s lists, or undefined (someone else's list is as good as absent). */
export function findOwnList(db: Db, ownerId: number, listId: number): Promise<ListRow | undefined> {
  return db.selectFrom('lists').selectAll().where('id', '=', listId).where('account_id', '=', ownerId).executeTakeFirst()
}

/** All of a person's lists, oldest first. */
export function listsOf(db: Db, ownerId: number): Promise<ListRow[]> {
  return db.selectFrom('lists').selectAll().where('account_id', '=', ownerId).orderBy('id').execute()
}

/** How many lists a person has. */
export async function countLists(db: Db, ownerId: number): Promise<number> {
  const r = await db.selectFrom('lists').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', ownerId).executeTakeFirstOrThrow()
  return Number(r.n)
}

/** Deletes a list and its memberships. */
export async function deleteList(db: Db, listId: number): Promise<void> {
  await db.deleteFrom('list_accounts').where('list_id', '=', listId).execute()
  await db.deleteFrom('lists').where('id', '=', listId).execute()
}

/** Adds members; ones already there stay as they are. */
export async function addMembers(db: Db, listId: number, accountIds: number[], now = Date.now()): Promise<void> {
  if (accountIds.length === 0) return
  await db.insertInto('list_accounts').values(accountIds.map((a) => ({ id: nextId(now), list_id: listId, account_id: a, created_at: now })))
    .onConflict((c) => c.columns(['list_id', 'account_id']).doNothing()).execute()
}

/** Removes members. */
export async function removeMembers(db: Db, listId: number, accountIds: number[]): Promise<void> {
  if (accountIds.length === 0) return
  await db.deleteFrom('list_accounts').where('list_id', '=', listId).where('account_id', 'in', accountIds).execute()
}

/** Takes an account out of every list of `ownerId` (when the owner stops following it). */
export async function removeFromOwnerLists(db: Db, ownerId: number, accountId: number): Promise<void> {
  await db.deleteFrom('list_accounts').where('account_id', '=', accountId)
    .where('list_id', 'in', db.selectFrom('lists').select('id').where('account_id', '=', ownerId)).execute()
}

/**
 * A page of a list's members, keyed by membership id. Only accounts the owner still
 * follows count: unfollowing someone takes them out of your lists, as in Mastodon.
 */
export function pageOfMembers(db: Db, ownerId: number, listId: number) {
  return db.selectFrom('list_accounts').innerJoin('follows', (j) => j.onRef('follows.target_account_id', '=', 'list_accounts.account_id').on('follows.account_id', '=', ownerId))
    .select(['list_accounts.id as id', 'list_accounts.account_id as other_id'])
    .where('list_accounts.list_id', '=', listId)
}

/** The owner's lists that contain this account. */
export function listsContaining(db: Db, ownerId: number, accountId: number): Promise<ListRow[]> {
  return db.selectFrom('lists').innerJoin('list_accounts', 'list_accounts.list_id', 'lists.id')
    .selectAll('lists').where('lists.account_id', '=', ownerId).where('list_accounts.account_id', '=', accountId)
    .orderBy('lists.id').execute()
}
