// The status process's own SQLite file: probe results, component states, incidents and
// reports. Nothing here is shared with the app, so the page works while the app is down.
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

export type StatusDb = Database.Database

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS steps (
  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, round INTEGER NOT NULL, journey TEXT NOT NULL, step TEXT NOT NULL,
  component TEXT NOT NULL, result TEXT NOT NULL, ms INTEGER NOT NULL, error TEXT);
CREATE INDEX IF NOT EXISTS steps_at ON steps (at);
CREATE INDEX IF NOT EXISTS steps_component_at ON steps (component, at);
CREATE TABLE IF NOT EXISTS journeys (
  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, round INTEGER NOT NULL, journey TEXT NOT NULL, result TEXT NOT NULL, ms INTEGER NOT NULL, error TEXT);
CREATE INDEX IF NOT EXISTS journeys_at ON journeys (at);
CREATE TABLE IF NOT EXISTS components (
  name TEXT PRIMARY KEY, state TEXT NOT NULL, since INTEGER NOT NULL, fails INTEGER NOT NULL, passes INTEGER NOT NULL, slows INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS component_days (
  component TEXT NOT NULL, day TEXT NOT NULL, total INTEGER NOT NULL, bad INTEGER NOT NULL, unknown INTEGER NOT NULL,
  PRIMARY KEY (component, day));
CREATE TABLE IF NOT EXISTS incidents (
  id INTEGER PRIMARY KEY, title TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, impact TEXT NOT NULL,
  components TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, resolved_at INTEGER,
  starts_at INTEGER, ends_at INTEGER);
CREATE TABLE IF NOT EXISTS incident_updates (
  id INTEGER PRIMARY KEY, incident_id INTEGER NOT NULL, at INTEGER NOT NULL, status TEXT NOT NULL, body TEXT NOT NULL, by TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reports (
  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, what TEXT NOT NULL, place TEXT NOT NULL, contact TEXT, who TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS reports_at ON reports (at);
`

/** Opens (and creates) PHARE_STATUS_DATA_DIR/status.sqlite. */
export function openDb(dataDir: string): StatusDb {
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(join(dataDir, 'status.sqlite'))
  db.pragma('journal_mode = WAL')
  db.exec(SCHEMA)
  return db
}

/** A stored value, or null. */
export function getKv(db: StatusDb, key: string): string | null {
  const r = db.prepare('SELECT value FROM kv WHERE key = ?').get(key) as { value: string } | undefined
  return r?.value ?? null
}

export function setKv(db: StatusDb, key: string, value: string): void {
  db.prepare('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value)
}

/** Drops probe details older than 90 days (daily aggregates stay). */
export function prune(db: StatusDb, now: number): void {
  const before = now - 90 * 86_400_000
  db.prepare('DELETE FROM steps WHERE at < ?').run(before)
  db.prepare('DELETE FROM journeys WHERE at < ?').run(before)
}
