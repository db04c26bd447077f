// Online backups and their restore. SQLite: the backup API copies the database in one step
// under a read transaction, a consistent snapshot while the server goes on writing (WAL
// lets it). PostgreSQL: pg_dump reads in one repeatable-read snapshot, in its custom
// format for pg_restore. Media files live outside the database and are backed up apart.
import { spawn } from 'node:child_process'
import { accessSync, closeSync, constants, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import pg from 'pg'

export type BackupKind = 'sqlite' | 'postgres'

/** The SQLite database file in a data directory. */
export const sqliteFile = (dataDir: string) => join(dataDir, 'phare.sqlite')

/** Written by a running server in its data directory (main.ts), removed when it stops. */
export const pidFile = (dataDir: string) => join(dataDir, 'phare.pid')

/** Raised when a backup or restore cannot go on; the message says what to do. */
export class BackupError extends Error {}

/** What a file holds, from its first bytes: a SQLite database, a pg_dump archive, or neither. */
export function backupKindOf(file: string): BackupKind | null {
  const fd = openSync(file, 'r')
  const head = Buffer.alloc(16)
  try { readSync(fd, head, 0, 16, 0) } finally { closeSync(fd) }
  if (head.toString('latin1', 0, 15) === 'SQLite format 3') return 'sqlite'
  if (head.toString('latin1', 0, 5) === 'PGDMP') return 'postgres'
  return null
}

/**
 * The path of a PostgreSQL client program: Debian's versioned one (the newest under
 * /usr/lib/postgresql/N/bin, which can dump any older server), else the one on PATH.
 */
export function findPgTool(name: 'pg_dump' | 'pg_restore'): string {
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : []
  for (const v of versions) {
    const p = join(root, v, 'bin', name)
    try { accessSync(p, constants.X_OK); return p } catch { /* not in this version */ }
  }
  for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) {
    const p = join(dir, name)
    try { accessSync(p, constants.X_OK); return p } catch { /* next */ }
  }
  throw new BackupError(`${name} was not found (looked in /usr/lib/postgresql/*/bin and on PATH): install the PostgreSQL client, e.g. apt-get install postgresql-client`)
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (d: Buffer) => { err += d.toString() })
    child.on('error', (e) => reject(new BackupError(`${cmd}: ${e.message}`)))
    child.on('exit', (code) => code === 0 ? resolve() : reject(new BackupError(`${cmd.split('/').at(-1)} failed (exit ${code}): ${err.trim()}`)))
  })
}

/** Copies the live SQLite database of `dataDir` to `file`, consistently, and checks the copy. */
export async function backupSqlite(dataDir: string, file: string): Promise<void> {
  const source = sqliteFile(dataDir)
  if (!existsSync(source)) throw new BackupError(`there is no database to back up: ${source} does not exist (is PHARE_DATA_DIR right?)`)
  const db = new SQLite(source, { fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    // Every page in one step: a step that saw a concurrent write would restart the copy,
    // and under a steady load of posts a many-step copy might never finish.
    await db.backup(file, { progress: () => 2_000_000_000 })
  } finally {
    db.close()
  }
  // The copy inherits WAL mode; a rollback journal makes it one self-contained file to keep.
  const copy = new SQLite(file, { fileMustExist: true })
  try { copy.pragma('journal_mode = DELETE') } finally { copy.close() }
  checkSqlite(file)
}

function checkSqlite(file: string): void {
  const copy = new SQLite(file, { readonly: true, fileMustExist: true })
  try {
    const result = copy.pragma('integrity_check', { simple: true })
    if (result !== 'ok') throw new BackupError(`the backup ${file} failed its integrity check: ${String(result)}`)
  } finally {
    copy.close()
  }
}

/** Dumps the PostgreSQL database at `url` to `file` (custom format), in one snapshot. */
export async function backupPostgres(url: string, file: string): Promise<void> {
  await run(findPgTool('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${url}`])
  // Readable by pg_restore, or the operator learns it now rather than on the day it is needed.
  await run(findPgTool('pg_restore'), ['--list', file])
}

/** Why the SQLite data directory cannot be restored into now, or null when it can. */
export function sqliteRestoreProblem(dataDir: string, force: boolean): string | null {
  const pid = existsSync(pidFile(dataDir)) ? Number(readFileSync(pidFile(dataDir), 'utf8').trim()) : null
  if (pid && pid !== process.pid && alive(pid)) {
    return `Phare is running on this data directory (pid ${pid}, ${pidFile(dataDir)}): stop it first. If it is not running, delete that file.`
  }
  const db = sqliteFile(dataDir)
  if (!force && existsSync(db) && statSync(db).size > 0) {
    return `${db} already holds a database: restore into an empty data directory, or pass --force to replace it`
  }
  return null
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM' }
}

/** Replaces the SQLite database of `dataDir` with the backup `file` (checked first). */
export function restoreSqlite(file: string, dataDir: string): void {
  checkSqlite(file)
  mkdirSync(dataDir, { recursive: true })
  const target = sqliteFile(dataDir)
  const tmp = `${target}.restoring`
  copyFileSync(file, tmp)
  // The old database's write-ahead log must not be replayed onto the restored one.
  for (const f of [target, `${target}-wal`, `${target}-shm`]) rmSync(f, { force: true })
  renameSync(tmp, target)
}

/** Why the PostgreSQL database at `url` cannot be restored into now, or null when it can. */
export async function postgresRestoreProblem(url: string, force: boolean): Promise<string | null> {
  const c = new pg.Client({ connectionString: url, application_name: 'phare-restore' })
  await c.connect()
  try {
    const running = await c.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'phare' AND pid <> pg_backend_pid()")
    if (running.rows[0]!.n > 0) return `Phare is connected to this database (${running.rows[0]!.n} connections): stop every node first`
    const tables = await c.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'")
    if (!force && tables.rows[0]!.n > 0) return 'the database already holds tables: restore into an empty database, or pass --force to replace it'
    return null
  } finally {
    await c.end()
  }
}

/** Restores a pg_dump archive into the database at `url`, replacing whatever was in its public schema. */
export async function restorePostgres(file: string, url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url, application_name: 'phare-restore' })
  await c.connect()
  try {
    await c.query('DROP SCHEMA IF EXISTS public CASCADE')
    await c.query('CREATE SCHEMA public')
  } finally {
    await c.end()
  }
  // One transaction: a restore that fails leaves the database empty, not half restored.
  await run(findPgTool('pg_restore'), ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${url}`, file])
}
