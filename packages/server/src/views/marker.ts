import type { MarkersTable } from '../storage/schema.ts'
import { iso } from './html.ts'

/** Mastodon's Marker hash: `{ home: {last_read_id, version, updated_at}, notifications: … }`. */
export function renderMarkers(rows: MarkersTable[]): Record<string, { last_read_id: string; version: number; updated_at: string }> {
  const out: Record<string, { last_read_id: string; version: number; updated_at: string }> = {}
  for (const r of rows) out[r.timeline] = { last_read_id: String(r.last_read_id), version: r.version, updated_at: iso(r.updated_at) }
  return out
}
