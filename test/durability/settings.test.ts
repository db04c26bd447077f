// The settings that make a commit durable before Phare answers: SQLite's WAL with
// synchronous=FULL, and PostgreSQL's synchronous_commit even where the server's default is off.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, expect, it } from 'vitest'
import { openDatabase } from '../../packages/server/src/storage/db.ts'
import { durabilityProblems } from '../../packages/server/src/storage/durability.ts'
import { freshPostgres } from '../support/server.ts'

const dir = mkdtempSync(join(tmpdir(), 'phare-durable-'))
const cleanUps: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const c of cleanUps) await c()
  rmSync(dir, { recursive: true, force: true })
})

const onPostgres = !!process.env.PHARE_TEST_DATABASE_URL

// One test per database: this file runs on SQLite, and on PostgreSQL under scripts/with-postgres.sh.
it(onPostgres ? 'PostgreSQL connections commit synchronously although the database default is off' : 'SQLite commits in WAL mode with synchronous=FULL', async () => {
  if (onPostgres) return postgresCommitsSynchronously()
  const { db, dialect } = openDatabase({ databaseUrl: null, dataDir: dir })
  cleanUps.push(() => db.destroy())
  expect((await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(db)).rows[0]?.journal_mode).toBe('wal')
  expect((await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(db)).rows[0]?.synchronous).toBe(2)
  expect(await durabilityProblems(db, dialect)).toEqual([])
  // And the check does notice a connection that would answer before the disk has the commit.
  await sql`PRAGMA synchronous = NORMAL`.execute(db)
  expect(await durabilityProblems(db, dialect)).toEqual([expect.stringContaining('SQLite synchronous is 1, not FULL')])
})

async function postgresCommitsSynchronously() {
  const fresh = await freshPostgres(process.env.PHARE_TEST_DATABASE_URL!)
  cleanUps.push(() => fresh.drop())
  const name = new URL(fresh.url).pathname.slice(1)
  const admin = new pg.Client({ connectionString: process.env.PHARE_TEST_DATABASE_URL })
  await admin.connect()
  // What an operator tuning for speed might have done; new sessions start with it off.
  await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = off`)
  await admin.end()
  const plain = new pg.Client({ connectionString: fresh.url })
  await plain.connect()
  expect((await plain.query('SHOW synchronous_commit')).rows[0].synchronous_commit).toBe('off')
  await plain.end()

  const { db, dialect } = openDatabase({ databaseUrl: fresh.url, dataDir: dir })
  cleanUps.unshift(() => db.destroy())
  // Several connections at once: each new one of the pool must have it on.
  const seen = await Promise.all(Array.from({ length: 5 }, () => db.transaction().execute(async (trx) =>
    (await sql<{ v: string }>`SELECT current_setting('synchronous_commit') AS v, pg_sleep(0.05)`.execute(trx)).rows[0]?.v)))
  expect(seen).toEqual(['on', 'on', 'on', 'on', 'on'])
  expect(await durabilityProblems(db, dialect)).toEqual([])
}
