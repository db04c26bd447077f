// Bulk writes straight into Phare's database, bypassing the API: the schema comes
// from the real migrations, the rows from the seeder. SQLite gets one prepared
// statement run in one transaction per chunk; PostgreSQL gets one
// INSERT … SELECT FROM unnest(arrays) per chunk, which is as fast as COPY here.
import { join } from 'node:path'
import { mkdirSync } from 'node:fs'
import SQLite from 'better-sqlite3'
import pg from 'pg'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import type { Database } from '../packages/server/src/storage/schema.ts'
import { migrateToLatest } from '../packages/server/src/storage/db.ts'

export type ColumnType = 'bigint' | 'int' | 'text'
export type Columns = Record<string, ColumnType>

/** A database the seeder writes into and the benchmark reads from. */
export interface BulkDb {
  dialect: 'sqlite' | 'postgres'
  /** Inserts rows (arrays in the order of `columns`' keys) in one statement or transaction. */
  insert(table: string, columns: Columns, rows: unknown[][]): Promise<void>
  /** Runs one query with positional parameters (written `?`; rewritten to $n for PostgreSQL). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>
  close(): Promise<void>
}

const pgArray: Record<ColumnType, string> = { bigint: 'int8[]', int: 'int4[]', text: 'text[]' }

/** Opens (and migrates) a SQLite database file tuned for loading: no fsync, big cache. */
export async function openSqlite(dataDir: string): Promise<BulkDb> {
  mkdirSync(dataDir, { recursive: true })
  const db = new SQLite(join(dataDir, 'phare.sqlite'))
  db.pragma('journal_mode = WAL') // persistent: the server finds the file in the mode it uses
  db.pragma('synchronous = OFF') // a crash while seeding only loses the seed
  db.pragma('cache_size = -1048576')
  db.pragma('temp_store = MEMORY')
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: db }) })
  await migrateToLatest(kysely)
  const statements = new Map<string, SQLite.Statement>()
  return {
    dialect: 'sqlite',
    async insert(table, columns, rows) {
      const names = Object.keys(columns)
      const key = `${table}(${names.join(',')})`
      let st = statements.get(key)
      if (!st) {
        st = db.prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`)
        statements.set(key, st)
      }
      const s = st
      db.transaction(() => { for (const r of rows) s.run(r) })()
    },
    async query(text, params = []) {
      const st = db.prepare(text)
      return (st.reader ? st.all(params) : (st.run(params), [])) as never
    },
    async close() {
      db.pragma('wal_checkpoint(TRUNCATE)')
      await kysely.destroy()
    },
  }
}

/** Creates a fresh database on the PostgreSQL server at adminUrl, migrates it, and returns it with its URL. */
export async function openPostgres(adminUrl: string, name: string): Promise<BulkDb & { url: string }> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const u = new URL(adminUrl)
  u.pathname = `/${name}`
  const pool = new pg.Pool({ connectionString: u.toString(), max: 4 })
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  await migrateToLatest(kysely)
  const toDollar = (text: string) => { let n = 0; return text.replace(/\?/g, () => `$${++n}`) }
  return {
    dialect: 'postgres',
    url: u.toString(),
    async insert(table, columns, rows) {
      const names = Object.keys(columns)
      const arrays = names.map((_, i) => rows.map((r) => r[i]))
      const casts = names.map((n, i) => `$${i + 1}::${pgArray[columns[n]]}`)
      await pool.query(`INSERT INTO ${table} (${names.join(', ')}) SELECT * FROM unnest(${casts.join(', ')})`, arrays)
    },
    async query(text, params = []) {
      return (await pool.query(toDollar(text), params)).rows as never
    },
    async close() { await kysely.destroy() },
  }
}
