// The rules of read-only mode, without clocks or I/O: which failures mean the database
// cannot take writes, and when automatic read-only mode starts and ends.

/** Why the server is read-only now. */
export type ReadOnlyReason = 'admin' | 'disk_full' | 'low_disk_space' | 'database_read_only'

/** What /api/v1/phare/read_only shows. */
export interface ReadOnlyView {
  read_only: boolean
  reason: ReadOnlyReason | null
  message: string | null
  since: string | null
  retry_after: number | null
}

const SQLITE_FULL = new Set(['SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_FSYNC', 'SQLITE_IOERR_SHMSIZE', 'SQLITE_IOERR_TRUNCATE', 'SQLITE_IOERR'])
// 53100 disk_full, 53200 out_of_memory is not a disk problem; 25006 read_only_sql_transaction.
const PG_CODES: Record<string, ReadOnlyReason> = { '53100': 'disk_full', '25006': 'database_read_only' }

/** The read-only reason a storage error stands for, or null for any other failure. */
export function writeFailureReason(err: unknown): ReadOnlyReason | null {
  for (let e = err as { code?: unknown; cause?: unknown } | null | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    const code = typeof e.code === 'string' ? e.code : ''
    if (code === 'ENOSPC' || code === 'EDQUOT') return 'disk_full'
    if (SQLITE_FULL.has(code) || code.startsWith('SQLITE_IOERR_WRITE')) return 'disk_full'
    if (code in PG_CODES) return PG_CODES[code]!
  }
  return null
}

/** The automatic half of the state: entered on a write failure or low space, left only when both are fine again. */
export interface AutoState { reason: ReadOnlyReason; since: number }

export interface Observation {
  /** free bytes on the data directory's file system, null when unknown */
  freeBytes: number | null
  /** whether the probe write just succeeded; null when it was not tried */
  probeOk: boolean | null
  /** the reason of the probe's failure, when it failed because of the disk or the database */
  probeReason?: ReadOnlyReason | null
}

export interface Thresholds { floorBytes: number; marginBytes: number }

/**
 * The next automatic state. Low space enters at the floor and leaves only above floor + margin
 * (so a server hovering at the floor does not flap); any state leaves only after a probe write succeeded.
 */
export function nextAuto(current: AutoState | null, o: Observation, t: Thresholds, now: number): AutoState | null {
  const low = t.floorBytes > 0 && o.freeBytes !== null && o.freeBytes < t.floorBytes
  if (!current) {
    if (o.probeOk === false && o.probeReason) return { reason: o.probeReason, since: now }
    return low ? { reason: 'low_disk_space', since: now } : null
  }
  const roomy = t.floorBytes <= 0 || o.freeBytes === null || o.freeBytes >= t.floorBytes + t.marginBytes
  if (roomy && o.probeOk === true) return null
  if (o.probeOk === false && o.probeReason && o.probeReason !== current.reason) return { reason: o.probeReason, since: current.since }
  return current
}

/** The sentence people read for an automatic reason. */
export function autoMessage(reason: ReadOnlyReason): string {
  switch (reason) {
    case 'disk_full': return 'This server is read-only for now: its disk is full. You can keep reading; posting comes back by itself as soon as space is freed. Nothing you posted before is lost.'
    case 'low_disk_space': return 'This server is read-only for now: it is running out of disk space. You can keep reading; posting comes back by itself as soon as space is freed. Nothing you posted before is lost.'
    case 'database_read_only': return 'This server is read-only for now: its database is not accepting changes. You can keep reading; posting comes back by itself once the database takes writes again.'
    default: return 'This server is read-only for now. You can keep reading; try posting again later.'
  }
}
