// The materialised home timelines: one (reader, post, author) row per entry,
// written by fan-out and read as the skeleton of GET /api/v1/timelines/home.
import type { Compilable, Kysely } from 'kysely'
import type { Database, HomeFeedTable } from '../schema.ts'

type Db = Kysely<Database>
export type HomeFeedRow = HomeFeedTable

/** Rows per INSERT: 3 parameters each keeps every statement far below SQLite's and PostgreSQL's parameter limits. */
export const HOME_FEED_CHUNK = 1000

/** The statements inserting entries, HOME_FEED_CHUNK rows each; existing entries are kept (idempotent). */
export function homeEntryInserts(db: Db, rows: HomeFeedRow[]): Compilable[] {
  const out: Compilable[] = []
  for (let i = 0; i < rows.length; i += HOME_FEED_CHUNK) {
    out.push(db.insertInto('home_feed').values(rows.slice(i, i + HOME_FEED_CHUNK)).onConflict((c) => c.columns(['account_id', 'status_id']).doNothing()))
  }
  return out
}

/** Inserts entries (see homeEntryInserts). Pass a transaction. */
export async function insertHomeEntries(db: Db, rows: HomeFeedRow[]): Promise<void> {
  for (const q of homeEntryInserts(db, rows)) await db.executeQuery(q.compile())
}

/** The readers whose home holds any of these posts. */
export async function readersOf(db: Db, statusIds: number[]): Promise<number[]> {
  if (statusIds.length === 0) return []
  const rows = await db.selectFrom('home_feed').select('account_id').distinct().where('status_id', 'in', statusIds).execute()
  return rows.map((r) => r.account_id)
}

/** Removes these posts from every home. */
export async function deleteStatusesFromHomes(db: Db, statusIds: number[]): Promise<void> {
  if (statusIds.length === 0) return
  await db.deleteFrom('home_feed').where('status_id', 'in', statusIds).execute()
}

/** Removes everything by one author from one reader's home (unfollow, block). */
export async function deleteAuthorFromHome(db: Db, accountId: number, authorId: number): Promise<void> {
  await db.deleteFrom('home_feed').where('account_id', '=', accountId).where('author_id', '=', authorId).execute()
}

/** Page bounds of a skeleton read: exclusive bounds, and the direction to read in. */
export interface SkeletonBounds { maxId: number | null; minId: number | null; ascending: boolean; limit: number }

/** One reader's home entries (status ids) within bounds, in the bounds' direction. */
export async function homeSkeleton(db: Db, accountId: number, b: SkeletonBounds): Promise<number[]> {
  let q = db.selectFrom('home_feed').select('status_id').where('account_id', '=', accountId)
  if (b.maxId !== null) q = q.where('status_id', '<', b.maxId)
  if (b.minId !== null) q = q.where('status_id', '>', b.minId)
  const rows = await q.orderBy('status_id', b.ascending ? 'asc' : 'desc').limit(b.limit).execute()
  return rows.map((r) => r.status_id)
}
