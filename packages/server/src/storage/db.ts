import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely'
import { Migrator } from 'kysely/migration'
import SQLite from 'better-sqlite3'
import pg from 'pg'
import type { Config } from '../config.ts'
import type { Database } from './schema.ts'
import { migrationProvider, migrations } from './migrations/index.ts'
import { planMigrations, startPlan, type PlanStep } from './migrations/plan.ts'
import { DURABLE_SESSION_SQL } from './durability.ts'

export type DB = Kysely<Database>
export type Dialect = 'sqlite' | 'postgres'

// int8 (bigint) and numeric counts come back from pg as strings by default; our ids
// fit in 53 bits (see ids.ts), so numbers are exact and match what SQLite returns.
pg.types.setTypeParser(20, (v) => Number(v))
pg.types.setTypeParser(1700, (v) => Number(v))

/** Opens the configured database: PostgreSQL when a URL is set, else SQLite in the data directory. */
export function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): { db: DB; dialect: Dialect } {
  if (config.databaseUrl) {
    // Named, so that `phare restore` can see a node still connected (pg_stat_activity).
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10, application_name: 'phare' })
    // An idle client whose connection the server ends (restart, failover, admin command)
    // emits 'error' on the pool; unhandled, that would crash the process. The pool
    // replaces the client, and queries in flight fail and are answered as such.
    pool.on('error', () => {})
    // A post is answered only once its commit is on disk, whatever the server's default:
    // queued on the new client before any query of Phare's (storage/durability.ts). And a
    // client in use when its connection ends (PostgreSQL stopped, a failover) fails its query;
    // the client's own 'error' event must not crash the node.
    pool.on('connect', (client) => {
      client.on('error', () => {})
      client.query(DURABLE_SESSION_SQL).catch(() => {})
    })
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' }
  }
  mkdirSync(config.dataDir, { recursive: true })
  const sqlite = new SQLite(join(config.dataDir, 'phare.sqlite'))
  // WAL lets readers run beside the writer; synchronous=FULL makes every acknowledged
  // commit survive a power cut, which is the durability promise Phare makes.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('foreign_keys = OFF')
  // 32 MB of pages: the hot rows are also in Phare's own caches (storage/cache), so more would mostly hold them twice.
  sqlite.pragma('cache_size = -32768')
  return { db: new Kysely<Database>({ dialect: new RolledBackSqliteDialect({ database: withStatementCache(sqlite) }) }), dialect: 'sqlite' }
}

/**
 * On a full disk or an I/O error SQLite rolls a transaction back by itself; Kysely's ROLLBACK
 * then fails ("no transaction is active") and its error would replace the real one (SQLITE_FULL),
 * which read-only mode must see. A transaction already rolled back needs no rollback.
 */
class RolledBackSqliteDialect extends SqliteDialect {
  override createDriver() {
    const driver = super.createDriver()
    const rollback = driver.rollbackTransaction.bind(driver)
    driver.rollbackTransaction = async (...args: Parameters<typeof rollback>) => {
      try { await rollback(...args) } catch (e) {
        if (!/no transaction is active/.test(String((e as Error)?.message))) throw e
      }
    }
    return driver
  }
}

/**
 * Kysely prepares every query anew, and preparing costs about as much as running a
 * small query. Statements are reused by SQL text (bounded, least recently used out);
 * reuse is safe because better-sqlite3 runs each statement to completion synchronously.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>()
  const prepare = (source: string) => {
    let stmt = cache.get(source)
    if (stmt) {
      cache.delete(source)
    } else {
      stmt = sqlite.prepare(source)
      if (cache.size >= max) cache.delete(cache.keys().next().value!)
    }
    cache.set(source, stmt)
    return stmt
  }
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop === 'prepare') return prepare
      const value = Reflect.get(target, prop, receiver)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: DB): Promise<string[]> {
  return migrateUpTo(db, null)
}

/** Runs pending migrations up to and including `target` (null: all of them); returns their names. */
async function migrateUpTo(db: DB, target: string | null): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider })
  const { error, results } = target === null ? await migrator.migrateToLatest() : await migrator.migrateTo(target)
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`)
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/** The names of the migrations that ran on this database (none when it has no schema yet); reads only. */
export async function executedMigrations(db: DB): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true })
  if (!tables.some((t) => t.name === 'kysely_migration')) return []
  return (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)).rows.map((r) => r.name)
}

/**
 * The migrations a starting server runs (storage/migrations/plan.ts startPlan): on a shared
 * PostgreSQL a contract migration is left to `phare migrate`, so a rolling upgrade never
 * removes what the nodes still on the previous version use. Returns what ran and what waits.
 */
export async function migrateAtStart(db: DB, dialect: Dialect): Promise<{ ran: string[]; held: PlanStep[] }> {
  const { target, held } = startPlan(planMigrations(migrations, await executedMigrations(db)), dialect === 'postgres')
  if (held.length === 0) return { ran: await migrateToLatest(db), held }
  return { ran: target === null ? [] : await migrateUpTo(db, target), held }
}
