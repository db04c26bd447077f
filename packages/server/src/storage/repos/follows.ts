// Follows and follow requests, with the account counters kept in step: a counter
// moves only when a row was really inserted or deleted, so retries and repeated
// clicks never drift them. Pass a transaction as `db` to group writes.
import { sql, type Kysely } from 'kysely'
import type { Database, FollowsTable } from '../schema.ts'
import { nextId } from '../../ids.ts'

type Db = Kysely<Database>
export type FollowRow = FollowsTable

/** The follow options a person chooses: reposts in home, post notifications, languages. */
export interface FollowOptions { showReblogs: boolean; notify: boolean; languages: string[] | null }

const optionColumns = (o: FollowOptions) => ({
  show_reblogs: o.showReblogs ? 1 : 0, notify: o.notify ? 1 : 0, languages: o.languages ? JSON.stringify(o.languages) : null,
})

async function bumpCounters(db: Db, accountId: number, targetId: number, by: 1 | -1): Promise<void> {
  const op = by === 1 ? sql<number>`following_count + 1` : sql<number>`following_count - 1`
  const opT = by === 1 ? sql<number>`followers_count + 1` : sql<number>`followers_count - 1`
  let a = db.updateTable('accounts').set({ following_count: op }).where('id', '=', accountId)
  let t = db.updateTable('accounts').set({ followers_count: opT }).where('id', '=', targetId)
  if (by === -1) { a = a.where('following_count', '>', 0); t = t.where('followers_count', '>', 0) }
  // Rows locked in id order: A following B while B follows A must not lock them crosswise
  // (PostgreSQL would end one of the two with a deadlock error).
  for (const q of accountId < targetId ? [a, t] : [t, a]) await q.execute()
}

/** The follow of account → target, if any. */
export function findFollow(db: Db, accountId: number, targetId: number): Promise<FollowRow | undefined> {
  return db.selectFrom('follows').selectAll().where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst()
}

/** The pending request of account → target, if any. */
export function findRequest(db: Db, accountId: number, targetId: number): Promise<FollowRow | undefined> {
  return db.selectFrom('follow_requests').selectAll().where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst()
}

/** Inserts a follow unless it exists; returns the new row's id, or null when it already existed. Counters move only on insert. */
export async function insertFollow(db: Db, accountId: number, targetId: number, o: FollowOptions, now = Date.now()): Promise<number | null> {
  const id = nextId()
  const r = await db.insertInto('follows')
    .values({ id, account_id: accountId, target_account_id: targetId, ...optionColumns(o), created_at: now })
    .onConflict((c) => c.columns(['account_id', 'target_account_id']).doNothing())
    .executeTakeFirst()
  if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return null
  await bumpCounters(db, accountId, targetId, 1)
  return id
}

/** Changes the options of an existing follow. */
export async function updateFollow(db: Db, accountId: number, targetId: number, o: FollowOptions): Promise<void> {
  await db.updateTable('follows').set(optionColumns(o)).where('account_id', '=', accountId).where('target_account_id', '=', targetId).execute()
}

/** Deletes a follow; returns true when a row was deleted (and the counters moved). */
export async function deleteFollow(db: Db, accountId: number, targetId: number): Promise<boolean> {
  const r = await db.deleteFrom('follows').where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst()
  if (Number(r.numDeletedRows) === 0) return false
  await bumpCounters(db, accountId, targetId, -1)
  return true
}

/** Inserts a follow request unless one exists; returns the new row's id or null. */
export async function insertRequest(db: Db, accountId: number, targetId: number, o: FollowOptions, now = Date.now()): Promise<number | null> {
  const id = nextId()
  const r = await db.insertInto('follow_requests')
    .values({ id, account_id: accountId, target_account_id: targetId, ...optionColumns(o), created_at: now })
    .onConflict((c) => c.columns(['account_id', 'target_account_id']).doNothing())
    .executeTakeFirst()
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0 ? id : null
}

/** Changes the options of a pending request. */
export async function updateRequest(db: Db, accountId: number, targetId: number, o: FollowOptions): Promise<void> {
  await db.updateTable('follow_requests').set(optionColumns(o)).where('account_id', '=', accountId).where('target_account_id', '=', targetId).execute()
}

/** Deletes a pending request and returns it, if there was one. */
export async function deleteRequest(db: Db, accountId: number, targetId: number): Promise<FollowRow | undefined> {
  const row = await findRequest(db, accountId, targetId)
  if (!row) return undefined
  const r = await db.deleteFrom('follow_requests').where('id', '=', row.id).executeTakeFirst()
  return Number(r.numDeletedRows) > 0 ? row : undefined
}

/** The options stored on a follow or request row. */
export function optionsOf(row: Pick<FollowRow, 'show_reblogs' | 'notify' | 'languages'>): FollowOptions {
  return { showReblogs: !!row.show_reblogs, notify: !!row.notify, languages: row.languages ? JSON.parse(row.languages) as string[] : null }
}

/** The followers of `accountId` (or whom it follows, with `direction: 'following'`), keyed by the follow's id for pagination. */
export function pageOfFollows(db: Db, accountId: number, direction: 'followers' | 'following') {
  return direction === 'followers'
    ? db.selectFrom('follows').select(['id', 'account_id as other_id']).where('target_account_id', '=', accountId)
    : db.selectFrom('follows').select(['id', 'target_account_id as other_id']).where('account_id', '=', accountId)
}

/** Pending requests to `targetId`, keyed by request id. */
export function pageOfRequests(db: Db, targetId: number) {
  return db.selectFrom('follow_requests').select(['id', 'account_id as other_id']).where('target_account_id', '=', targetId)
}
