// What makes an acknowledged write survive a crash or a power cut, checked at start.
// SQLite: WAL with synchronous=FULL (set in db.ts on the one connection). PostgreSQL:
// synchronous_commit must not be off (a commit would be answered before it reached the
// disk), which Phare enforces on each of its connections (db.ts); fsync and
// full_page_writes are the server's and cannot be changed by a client, so they are reported.
import { sql } from 'kysely'
import type { DB, Dialect } from './db.ts'

/**
 * Turns synchronous_commit back on for this session when the server's default is off;
 * any durable level the operator chose (on, remote_write, remote_apply, local) is kept.
 */
export const DURABLE_SESSION_SQL = "SELECT set_config('synchronous_commit', 'on', false) WHERE current_setting('synchronous_commit') = 'off'"

/** The problems that would let an acknowledged post be lost; empty when the database is durable. */
export async function durabilityProblems(db: DB, dialect: Dialect): Promise<string[]> {
  if (dialect === 'sqlite') {
    const mode = (await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(db)).rows[0]?.journal_mode
    const sync = (await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(db)).rows[0]?.synchronous
    const problems: string[] = []
    if (mode !== 'wal') problems.push(`SQLite journal_mode is ${mode}, not wal: the file system of PHARE_DATA_DIR may not support WAL (a network file system?)`)
    // 2 is FULL, 3 is EXTRA: both flush the WAL at every commit.
    if (sync === undefined || sync < 2) problems.push(`SQLite synchronous is ${sync}, not FULL: a power cut could lose acknowledged posts`)
    return problems
  }
  const setting = async (name: string) =>
    (await sql<{ v: string }>`SELECT current_setting(${name}) AS v`.execute(db)).rows[0]?.v
  const problems: string[] = []
  const commit = await setting('synchronous_commit')
  if (commit === 'off') problems.push('PostgreSQL synchronous_commit is off on Phare\'s connections: commits are answered before they are on disk')
  if (await setting('fsync') === 'off') {
    problems.push('PostgreSQL runs with fsync=off: a crash of the machine can lose or corrupt acknowledged posts; set fsync = on in postgresql.conf')
  }
  if (await setting('full_page_writes') === 'off') {
    problems.push('PostgreSQL runs with full_page_writes=off: a power cut can leave torn pages; set full_page_writes = on in postgresql.conf')
  }
  return problems
}
