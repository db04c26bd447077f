// Read-only mode: entered by itself when the database cannot take writes (disk full, a
// database that refuses writes) or the data directory's free space falls under the floor,
// and left by itself once a probe write succeeds with room to spare; or set by an admin,
// stored in the database so that every node and a restart see it. Checking it costs a
// property read: the work (statfs, a small query) happens on a timer, off the requests.
import { statfs } from 'node:fs/promises'
import { hostname } from 'node:os'
import type { Logger } from 'pino'
import type { Config } from '../../config.ts'
import { PhareError, ReadOnlyMode } from '../../errors.ts'
import type { DB } from '../../storage/db.ts'
import { autoMessage, nextAuto, writeFailureReason, type AutoState, type ReadOnlyReason, type ReadOnlyView } from './state.ts'

export type { ReadOnlyView, ReadOnlyReason } from './state.ts'

const MB = 1024 * 1024
/** How often a node looks at its disk and at the admin's setting (what other nodes see within). */
export const CHECK_MS = 2000
const RETRY_AUTO_S = 30
const RETRY_ADMIN_S = 120

/** The admin's deliberate read-only mode. */
export interface Deliberate { message: string; since: number; accountId: number | null }

export interface ReadOnly {
  /** Whether writes are refused now. */
  active(): boolean
  view(): ReadOnlyView
  /** The 503 a refused write gets. */
  refusal(): PhareError
  /** Looks at a failure a request or job met: a write failure enters read-only mode, and the refusal is returned. */
  noteFailure(err: unknown): PhareError | null
  /** Sets or clears the deliberate mode here at once (the caller has stored it). */
  setDeliberate(d: Deliberate | null): void
  /** Runs one check now (the timer runs them every CHECK_MS). */
  check(): Promise<void>
  /** Free bytes last seen on the data directory's file system. */
  freeBytes(): number | null
  stop(): void
}

/** Reads the stored deliberate mode; null when there is none. */
export async function readDeliberate(db: DB): Promise<Deliberate | null> {
  const row = await db.selectFrom('read_only_mode').selectAll().where('id', '=', 1).executeTakeFirst()
  return row ? { message: row.message, since: Number(row.since), accountId: row.account_id === null ? null : Number(row.account_id) } : null
}

/** Starts watching; `node` names this process's probe row. */
export function createReadOnly(deps: { db: DB; config: Pick<Config, 'dataDir' | 'readOnlyFreeMb' | 'readOnlyMarginMb'>; log: Logger; node?: string }): ReadOnly {
  const { db, config, log } = deps
  const node = deps.node ?? `${hostname()}:${process.pid}`
  const thresholds = { floorBytes: config.readOnlyFreeMb * MB, marginBytes: config.readOnlyMarginMb * MB }
  let deliberate: Deliberate | null = null
  let auto: AutoState | null = null
  let free: number | null = null
  let checking: Promise<void> | null = null
  let stopped = false
  // Bumped when an admin changes the mode here, so a check that read the table just before does not undo it.
  let version = 0

  function setAuto(next: AutoState | null) {
    if (next === auto) return
    if (next && !auto) log.error({ reason: next.reason, freeMb: free === null ? null : Math.round(free / MB) }, 'entering read-only mode: writes are refused until the database takes them again')
    else if (!next && auto) log.warn({ after_s: Math.round((Date.now() - auto.since) / 1000) }, 'leaving read-only mode: writes are accepted again')
    auto = next
  }

  async function probe(): Promise<{ ok: boolean; reason: ReadOnlyReason | null }> {
    const now = Date.now()
    try {
      await db.insertInto('write_probes').values({ node, written_at: now })
        .onConflict((c) => c.column('node').doUpdateSet({ written_at: now })).execute()
      return { ok: true, reason: null }
    } catch (err) {
      return { ok: false, reason: writeFailureReason(err) }
    }
  }

  async function runCheck() {
    const v = version
    try {
      const d = await readDeliberate(db)
      if (v === version) deliberate = d
    } catch { /* keep the last known state */ }
    try {
      const s = await statfs(config.dataDir)
      free = Number(s.bavail) * Number(s.bsize)
    } catch { free = null }
    // A write every few seconds only while it matters: to find out that writes work again.
    const p = auto ? await probe() : null
    setAuto(nextAuto(auto, { freeBytes: free, probeOk: p ? p.ok : null, probeReason: p?.reason ?? null }, thresholds, Date.now()))
  }

  const check = () => (checking ??= runCheck().finally(() => { checking = null }))
  const timer = setInterval(() => { if (!stopped) void check() }, CHECK_MS)
  timer.unref()
  void check()

  const view = (): ReadOnlyView => {
    if (deliberate) return { read_only: true, reason: 'admin', message: deliberate.message, since: new Date(deliberate.since).toISOString(), retry_after: RETRY_ADMIN_S }
    if (auto) return { read_only: true, reason: auto.reason, message: autoMessage(auto.reason), since: new Date(auto.since).toISOString(), retry_after: RETRY_AUTO_S }
    return { read_only: false, reason: null, message: null, since: null, retry_after: null }
  }
  const refusal = () => {
    const v = view()
    return new PhareError(ReadOnlyMode.code, ReadOnlyMode.status, v.message ?? autoMessage('disk_full'), { retry_after: v.retry_after ?? RETRY_AUTO_S, reason: v.reason })
  }

  return {
    active: () => deliberate !== null || auto !== null,
    view,
    refusal,
    noteFailure(err) {
      const reason = writeFailureReason(err)
      if (!reason) return null
      if (!auto) setAuto({ reason, since: Date.now() })
      return refusal()
    },
    setDeliberate(d) {
      if (d && !deliberate) log.warn({ message: d.message }, 'read-only mode set by an admin')
      if (!d && deliberate) log.warn('read-only mode lifted by an admin')
      deliberate = d
      version++
    },
    check,
    freeBytes: () => free,
    stop() { stopped = true; clearInterval(timer) },
  }
}
