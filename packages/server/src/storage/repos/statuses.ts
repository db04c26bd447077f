// Posts and what hangs off them: mentions, tags, counters, threads, reposts.
import { sql, type Compilable, type Kysely } from 'kysely'
import type { Database, StatusesTable } from '../schema.ts'
import { nextId } from '../../ids.ts'

type Db = Kysely<Database>
export type StatusRow = StatusesTable
type StatusCounter = 'replies_count' | 'reblogs_count' | 'favourites_count' | 'quotes_count'

// Counters never go below zero, whatever order retried jobs and deletes run in.
const plus = (column: string, delta: number) =>
  sql<number>`CASE WHEN ${sql.ref(column)} + ${sql.lit(delta)} < 0 THEN 0 ELSE ${sql.ref(column)} + ${sql.lit(delta)} END`

/** One post by id, deleted or not. */
export function findStatus(db: Db, id: number): Promise<StatusRow | undefined> {
  return db.selectFrom('statuses').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The statement adding `delta` to one of a post's counters. */
export function statusCounterBump(db: Db, id: number, column: StatusCounter, delta: number) {
  return db.updateTable('statuses').set({ [column]: plus(column, delta) }).where('id', '=', id)
}

/** Adds `delta` to one of a post's counters. */
export async function bumpStatusCounter(db: Db, id: number, column: StatusCounter, delta: number): Promise<void> {
  await statusCounterBump(db, id, column, delta).execute()
}

/** The statement adding `delta` to accounts' post counts; a new post also sets last_status_at. */
export function statusesCountBump(db: Db, accountIds: number[], delta: number, lastStatusAt?: number) {
  return db.updateTable('accounts')
    .set({ statuses_count: plus('statuses_count', delta), ...(lastStatusAt !== undefined ? { last_status_at: lastStatusAt } : {}) })
    .where('id', 'in', accountIds)
}

/** Adds `delta` to accounts' post counts; a new post also sets last_status_at. */
export async function bumpStatusesCount(db: Db, accountIds: number[], delta: number, lastStatusAt?: number): Promise<void> {
  if (accountIds.length === 0) return
  await statusesCountBump(db, accountIds, delta, lastStatusAt).execute()
}

/**
 * The statements that store a new post with its mentions and hashtags. They read
 * nothing back, so they can run batched (storage/write-together.ts); tags are created
 * on first use and linked by name, each statement seeing the ones before.
 */
export function newStatusWrites(db: Db, row: StatusRow, mentionIds: number[], tagNames: string[]): Compilable[] {
  const out: Compilable[] = [db.insertInto('statuses').values(row)]
  if (mentionIds.length) out.push(db.insertInto('mentions').values(mentionIds.map((account_id) => ({ status_id: row.id, account_id }))))
  const byKey = new Map(tagNames.map((n) => [n.toLowerCase(), n]))
  if (byKey.size) {
    out.push(db.insertInto('tags').values([...byKey].map(([name, display]) => ({ id: nextId(), name, display_name: display, created_at: row.created_at })))
      .onConflict((c) => c.column('name').doNothing()))
    out.push(db.insertInto('status_tags').columns(['status_id', 'tag_id'])
      .expression(db.selectFrom('tags').select([sql<number>`${sql.lit(row.id)}`.as('status_id'), 'id']).where('name', 'in', [...byKey.keys()])))
  }
  return out
}

/** Sets a post's mentions to exactly these accounts. */
export async function replaceMentions(db: Db, statusId: number, accountIds: number[]): Promise<void> {
  await db.deleteFrom('mentions').where('status_id', '=', statusId).execute()
  if (accountIds.length) await db.insertInto('mentions').values(accountIds.map((account_id) => ({ status_id: statusId, account_id }))).execute()
}

/** Sets a post's hashtags to exactly these (created on first use; `names` as written, keyed lower-cased). */
export async function replaceTags(db: Db, statusId: number, names: string[], now = Date.now()): Promise<void> {
  await db.deleteFrom('status_tags').where('status_id', '=', statusId).execute()
  const byKey = new Map(names.map((n) => [n.toLowerCase(), n]))
  if (byKey.size === 0) return
  await db.insertInto('tags').values([...byKey].map(([name, display]) => ({ id: nextId(), name, display_name: display, created_at: now })))
    .onConflict((c) => c.column('name').doNothing()).execute()
  const tags = await db.selectFrom('tags').select('id').where('name', 'in', [...byKey.keys()]).execute()
  await db.insertInto('status_tags').values(tags.map((t) => ({ status_id: statusId, tag_id: t.id }))).execute()
}

/** The live posts of a thread (no reposts), oldest first, at most `limit`. */
export function threadOf(db: Db, conversationId: number, limit: number): Promise<StatusRow[]> {
  return db.selectFrom('statuses').selectAll()
    .where('conversation_id', '=', conversationId).where('reblog_of_id', 'is', null).where('deleted_at', 'is', null)
    .orderBy('id').limit(limit).execute()
}

/** Someone's live repost of a post, if any. */
export function liveReblog(db: Db, accountId: number, originalId: number): Promise<StatusRow | undefined> {
  return db.selectFrom('statuses').selectAll()
    .where('reblog_of_id', '=', originalId).where('account_id', '=', accountId).where('deleted_at', 'is', null).executeTakeFirst()
}

/** Inserts a repost unless this person has a live one of the same post; true when this call created it. */
export async function insertReblog(db: Db, row: StatusRow): Promise<boolean> {
  const r = await db.insertInto('statuses').values(row)
    .onConflict((c) => c.columns(['reblog_of_id', 'account_id']).where('reblog_of_id', 'is not', null).where('deleted_at', 'is', null).doNothing())
    .executeTakeFirst()
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0
}

/** Marks a post deleted; true when this call did it (so counters move once). */
export async function softDelete(db: Db, id: number, now = Date.now()): Promise<boolean> {
  const r = await db.updateTable('statuses').set({ deleted_at: now }).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** Live reposts of a post, for the "reposted by" list, keyed by repost id. */
export function pageOfReblogs(db: Db, originalId: number) {
  return db.selectFrom('statuses').select(['id', 'account_id']).where('reblog_of_id', '=', originalId).where('deleted_at', 'is', null)
}
