// Polls and votes.
import type { Kysely } from 'kysely'
import type { Database, PollsTable } from '../schema.ts'

type Db = Kysely<Database>
export type PollRow = PollsTable

/** One poll; with `forUpdate` (PostgreSQL) the row stays locked until the transaction ends, so votes on it serialise. */
export function findPoll(db: Db, id: number, forUpdate = false): Promise<PollRow | undefined> {
  const q = db.selectFrom('polls').selectAll().where('id', '=', id)
  return (forUpdate ? q.forUpdate() : q).executeTakeFirst()
}

/** The choices someone made in a poll. */
export async function votesOf(db: Db, pollId: number, accountId: number): Promise<number[]> {
  const rows = await db.selectFrom('poll_votes').select('choice').where('poll_id', '=', pollId).where('account_id', '=', accountId).execute()
  return rows.map((r) => r.choice)
}

/** Everyone who voted in a poll. */
export async function votersOf(db: Db, pollId: number): Promise<number[]> {
  const rows = await db.selectFrom('poll_votes').select('account_id').distinct().where('poll_id', '=', pollId).execute()
  return rows.map((r) => r.account_id)
}

/** Removes a poll and its votes. */
export async function deletePoll(db: Db, id: number): Promise<void> {
  await db.deleteFrom('poll_votes').where('poll_id', '=', id).execute()
  await db.deleteFrom('polls').where('id', '=', id).execute()
}
