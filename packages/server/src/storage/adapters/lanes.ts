// Bulkheads for background jobs: each lane has its own slots, time limit and circuit
// breaker, so a job type that hangs or keeps failing (media, remote fetches) cannot take
// the slots of the others. Job types without a lane share the default lane.
import { createBreaker, type Breaker, type BreakerOptions, type BreakerState, type Ticket } from './breaker.ts'

export interface LaneOptions {
  concurrency: number
  /** A job running longer counts as failed: its signal aborts and its slot is freed. */
  timeoutMs: number
  breaker?: BreakerOptions
}

export interface LaneState {
  name: string
  running: number
  state: BreakerState
  consecutiveFailures: number
  reopensAt: number | null
}

export interface Lane {
  readonly name: string
  running: number
  /** Slots; for the default lane this follows the busy rule, so it is read each time. */
  limit(): number
  timeoutMs: number | null
  breaker: Breaker | null
  /** The job types registered in this lane (empty for the default lane, which takes the rest). */
  types: Set<string>
  /** Consecutive failures, kept for lanes without a breaker. */
  failures: number
  /**
   * A named lane whose last claim came up short is not asked again until something may have
   * given it work (a local enqueue of its types, a poke, the poll): without an index on
   * type, asking for an empty lane's jobs reads every due job.
   */
  idle: boolean
  /** Counts marks, so a claim that was already under way when work arrived does not make the lane idle. */
  marks: number
}

/** What one claim asks for: `n` due jobs whose type is in `types`, or not in `notTypes`. */
export interface ClaimPart { lane: Lane; n: number; types?: string[]; notTypes?: string[]; marks: number }

export const DEFAULT_LANE = 'default'

export interface Lanes {
  define(name: string, opts: LaneOptions): void
  /** Puts a job type in a lane (the default lane when `name` is undefined). */
  assign(type: string, name: string | undefined): void
  of(type: string): Lane
  /** One part per lane that has free slots and whose breaker lets work through, skipping `exhausted` and idle ones. */
  plan(exhausted: Set<Lane>): ClaimPart[]
  /** Records that a claim gave `part` only `got` jobs: its lane has no more due this round (and, named, until marked). */
  short(part: ClaimPart, got: number, exhausted: Set<Lane>): void
  /** The lanes of these job types (all lanes without types) may have due jobs again. */
  mark(types?: string[]): void
  /** Job types that must not be claimed now (their lane's breaker is open): drain treats them as not due. */
  parkedTypes(): string[]
  /** Jobs running in all lanes. */
  running(): number
  states(): LaneState[]
}

/** The lane bookkeeping of one queue; `defaultLimit` is the default lane's concurrency. */
export function createLanes(defaultLimit: () => number, onLane?: (name: string, state: BreakerState) => void, now: () => number = Date.now): Lanes {
  const base: Lane = { name: DEFAULT_LANE, running: 0, limit: defaultLimit, timeoutMs: null, breaker: null, types: new Set(), failures: 0, idle: false, marks: 0 }
  const lanes = new Map<string, Lane>([[DEFAULT_LANE, base]])
  const laneOf = new Map<string, Lane>()

  return {
    define(name, o) {
      if (name === DEFAULT_LANE) throw new Error('the default lane cannot be redefined')
      if (!(o.concurrency >= 1) || !(o.timeoutMs > 0)) throw new Error(`lane ${name} needs concurrency >= 1 and timeoutMs > 0`)
      const breaker = o.breaker ? createBreaker(o.breaker, now, (s) => onLane?.(name, s)) : null
      const existing = lanes.get(name)
      // Redefining keeps the lane's jobs and running count; jobs already running finish
      // under the old settings and report to the old breaker, which nobody reads any more.
      if (existing) Object.assign(existing, { limit: () => o.concurrency, timeoutMs: o.timeoutMs, breaker, failures: 0, idle: false })
      else lanes.set(name, { name, running: 0, limit: () => o.concurrency, timeoutMs: o.timeoutMs, breaker, types: new Set(), failures: 0, idle: false, marks: 0 })
    },
    assign(type, name) {
      const lane = lanes.get(name ?? DEFAULT_LANE)
      if (!lane) throw new Error(`job type ${type}: lane ${name} is not defined (call lane() first)`)
      laneOf.get(type)?.types.delete(type)
      if (lane === base) laneOf.delete(type)
      else { lane.types.add(type); laneOf.set(type, lane) }
    },
    of: (type) => laneOf.get(type) ?? base,
    plan(exhausted) {
      const parts: ClaimPart[] = []
      for (const lane of lanes.values()) {
        if (lane === base || lane.idle || exhausted.has(lane) || lane.types.size === 0) continue
        const n = Math.min(lane.limit() - lane.running, lane.breaker?.allowance() ?? Infinity)
        if (n > 0) parts.push({ lane, n, types: [...lane.types], marks: lane.marks })
      }
      const n = base.limit() - base.running
      if (n > 0 && !exhausted.has(base)) parts.push({ lane: base, n, notTypes: [...laneOf.keys()], marks: base.marks })
      return parts
    },
    short(part, got, exhausted) {
      if (got >= part.n) return
      exhausted.add(part.lane)
      // the default lane keeps today's behaviour: asked again on every wake
      if (part.lane !== base && part.lane.marks === part.marks) part.lane.idle = true
    },
    mark(types) {
      const marked = types ? new Set(types.map((t) => laneOf.get(t) ?? base)) : lanes.values()
      for (const lane of marked) { lane.idle = false; lane.marks++ }
    },
    parkedTypes() {
      const out: string[] = []
      for (const lane of lanes.values()) if (lane.breaker?.state() === 'open') out.push(...lane.types)
      return out
    },
    running() {
      let n = 0
      for (const lane of lanes.values()) n += lane.running
      return n
    },
    states() {
      return [...lanes.values()].map((lane) => ({
        name: lane.name,
        running: lane.running,
        ...(lane.breaker?.snapshot() ?? { state: 'closed' as const, consecutiveFailures: lane.failures, reopensAt: null }),
      }))
    },
  }
}

/** Counts a job's end: to the breaker it started under (a replaced one no longer matters), else in the lane. */
export function recordOutcome(lane: Lane, breaker: Breaker | null, ticket: Ticket | null, ok: boolean): void {
  if (breaker && ticket) {
    if (ok) breaker.succeeded(ticket)
    else breaker.failed(ticket)
  } else {
    lane.failures = ok ? 0 : lane.failures + 1
  }
}

/**
 * A running job's limit: `ended` rejects (and `signal` aborts) when its time is up or when
 * `letGo()` is called because the queue stopped without it. The handler may never settle;
 * its slot is freed all the same and a late end is ignored.
 */
export function cutoff(timeoutMs: number | null): { signal: AbortSignal; ended: Promise<never>; letGo(): void; clear(): void } {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  let letGo = () => {}
  const ended = new Promise<never>((_, reject) => {
    const end = (err: Error) => { controller.abort(err); reject(err) }
    letGo = () => end(new Error('queue stopped'))
    if (timeoutMs !== null) {
      timer = setTimeout(() => end(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs)
      // only there to free the slot: not a reason to keep the process alive
      timer.unref()
    }
  })
  ended.catch(() => {})
  return { signal: controller.signal, ended, letGo, clear: () => clearTimeout(timer) }
}
