// "Something is wrong" reports from people. Counted by distinct reporter (a hashed
// address), so one person pressing the button many times is one signal, not a flood.
import { createHash } from 'node:crypto'
import type { StatusDb } from './db.ts'

export const WINDOW_MS = 10 * 60_000
const BASELINE_MS = 7 * 86_400_000

export interface ReportInput { what: string; where: string; contact: string | null }

/** Stores a report; the address is kept only as a salted hash, for counting distinct people. */
export function addReport(db: StatusDb, r: ReportInput, address: string, salt: string, now: number): void {
  const who = createHash('sha256').update(`${salt}:${address}`).digest('hex').slice(0, 16)
  db.prepare('INSERT INTO reports (at, what, place, contact, who) VALUES (?, ?, ?, ?, ?)').run(now, r.what.slice(0, 2000), r.where.slice(0, 200), r.contact ? r.contact.slice(0, 200) : null, who)
}

function reporters(db: StatusDb, from: number, to: number): number {
  const r = db.prepare('SELECT COUNT(DISTINCT who) AS n FROM reports WHERE at >= ? AND at < ?').get(from, to) as { n: number }
  return r.n
}

/**
 * Whether reports rise above the usual rate: distinct reporters in the last 10 minutes at
 * least `minimum`, and more than three times the average 10 minutes of the past week.
 */
export function reportRise(db: StatusDb, now: number, minimum: number): { count: number; threshold: number } | null {
  const count = reporters(db, now - WINDOW_MS, now + 1)
  const before = reporters(db, now - BASELINE_MS, now - WINDOW_MS)
  const usual = before / ((BASELINE_MS - WINDOW_MS) / WINDOW_MS)
  const threshold = Math.max(minimum, Math.ceil(usual * 3))
  return count >= threshold ? { count, threshold } : null
}

/** When the last report came, or null. */
export function lastReportAt(db: StatusDb): number | null {
  return (db.prepare('SELECT MAX(at) AS at FROM reports').get() as { at: number | null }).at
}

/** Recent reports, newest first, for the operator. */
export function recentReports(db: StatusDb, limit = 50): { id: number; at: number; what: string; place: string; contact: string | null }[] {
  return db.prepare('SELECT id, at, what, place, contact FROM reports ORDER BY at DESC LIMIT ?').all(limit) as never
}

/** Drops reports older than the baseline. */
export function pruneReports(db: StatusDb, now: number): void {
  db.prepare('DELETE FROM reports WHERE at < ?').run(now - BASELINE_MS)
}
