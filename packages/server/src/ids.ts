// Time-sortable snowflake ids. Layout (53 significant bits of a 64-bit integer):
// 41 bits of milliseconds since 2024-01-01, 12 bits of per-millisecond sequence
// mixed with a per-process salt. 53 bits keeps ids exact in JavaScript numbers and
// JSON, in SQLite INTEGER and PostgreSQL BIGINT alike; 41 bits of time last until 2093.
const EPOCH = Date.UTC(2024, 0, 1)
const SEQ_BITS = 12
const SEQ_MAX = (1 << SEQ_BITS) - 1

let lastMs = 0
let seq = 0
// Different processes start their sequence at different points, so two nodes that
// create an id in the same millisecond are unlikely to collide; the database's
// primary key is the final guard.
const salt = Math.floor(Math.random() * (SEQ_MAX + 1))

/** Returns a new id, strictly greater than every id this process returned before. */
export function nextId(now: number = Date.now()): number {
  let ms = Math.max(now - EPOCH, lastMs)
  if (ms === lastMs) {
    seq++
    // Out of sequence numbers in this millisecond: borrow the next one (wrapping to a lower
    // number within the same millisecond would make a smaller id).
    if (seq > SEQ_MAX) { ms = lastMs + 1; seq = 0 }
  } else {
    seq = salt
  }
  lastMs = ms
  return ms * (SEQ_MAX + 1) + seq
}

/** The smallest id that could have been made at or after this time (for since/until queries). */
export function idAtTime(ms: number): number {
  return Math.max(0, ms - EPOCH) * (SEQ_MAX + 1)
}

/** The creation time encoded in an id. */
export function timeOfId(id: number): number {
  return Math.floor(id / (SEQ_MAX + 1)) + EPOCH
}

/** Parses an id from the API; returns null for anything that is not one. */
export function parseId(raw: unknown): number | null {
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return raw
  if (typeof raw !== 'string' || !/^\d{1,16}$/.test(raw)) return null
  const n = Number(raw)
  return Number.isSafeInteger(n) ? n : null
}
