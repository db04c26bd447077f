// Bulkheads for the parts of Phare that can fail on their own: each has its own slots, time
// limit and circuit breaker (the job queue's, storage/adapters/breaker.ts), so a search that
// throws, a media store that is down or a remote site that hangs costs that part only,
// while posting and reading go on. Once a part's breaker is open, its calls answer at once
// with 503 part_unavailable naming the part, instead of waiting for the same failure again.
import { createBreaker, type Breaker, type BreakerState } from '../../storage/adapters/breaker.ts'
import { PartUnavailable, PhareError } from '../../errors.ts'
import { PARTS, parseBulkheads, type Part, type PartSettings } from './settings.ts'

export { PARTS, type Part } from './settings.ts'

export interface PartState { part: Part; state: BreakerState; running: number; waiting: number; consecutive_failures: number; refused: number; timed_out: number }

interface Compartment {
  settings: PartSettings
  breaker: Breaker
  running: number
  waiters: (() => void)[]
  refused: number
  timedOut: number
}

export interface Bulkheads {
  readonly settings: Record<Part, PartSettings>
  /** Runs one call of `part` within its slots, time limit and breaker. */
  run<T>(part: Part, fn: () => Promise<T>): Promise<T>
  /** Takes a slot for a held connection (streaming); `release` gives it back. Throws part_unavailable when refused. */
  hold(part: Part): { release(ok: boolean): void }
  /** Throws part_unavailable when the part's breaker is open (cheap; for a check at the door). */
  assertOpen(part: Part): void
  states(): PartState[]
}

/** A failure that says nothing about the part's health: the caller's mistake, or the whole server refusing. */
export function healthy(err: unknown): boolean {
  return err instanceof PhareError && (err.status < 500 || err.code === 'read_only' || err.code === 'overloaded' || err.code === 'part_unavailable')
}

/** The 503 part_unavailable of `part`, with Retry-After. */
export function unavailable(part: Part, why: string, retryS: number): PhareError {
  const e = PartUnavailable(part, why)
  return new PhareError(e.code, e.status, e.message, { part, retry_after: Math.max(1, Math.ceil(retryS)) })
}

/** The bulkheads of one process, from PHARE_BULKHEADS; `onChange` hears every breaker change. */
export function createBulkheads(spec: string, onChange?: (part: Part, state: BreakerState) => void, now: () => number = Date.now): Bulkheads {
  const settings = parseBulkheads(spec)
  const parts = new Map<Part, Compartment>(PARTS.map((p) => {
    const s = settings[p]
    return [p, { settings: s, breaker: createBreaker({ failures: s.failures, cooldownMs: s.cooldown_ms }, now, (st) => onChange?.(p, st)), running: 0, waiters: [], refused: 0, timedOut: 0 }]
  }))
  const of = (p: Part) => parts.get(p)!

  function retryAfterS(c: Compartment): number {
    const at = c.breaker.snapshot().reopensAt
    return at === null ? 1 : (at - now()) / 1000
  }
  function assertOpen(p: Part) {
    const c = of(p)
    if (c.breaker.allowance() === 0) { c.refused++; throw unavailable(p, 'is failing and has been switched off for a moment', retryAfterS(c)) }
  }
  function release(c: Compartment) {
    c.running--
    c.waiters.shift()?.()
  }
  // Waits for a slot at most `ms` (and never behind more than 4 times the slots): past that the part is saturated.
  async function slot(p: Part, c: Compartment, ms: number): Promise<void> {
    if (c.running < c.settings.concurrency) { c.running++; return }
    if (ms <= 0 || c.waiters.length >= c.settings.concurrency * 4) { c.refused++; throw unavailable(p, 'is saturated', 1) }
    await new Promise<void>((resolve, reject) => {
      const entry = () => { clearTimeout(t); c.running++; resolve() }
      const t = setTimeout(() => {
        c.waiters.splice(c.waiters.indexOf(entry), 1)
        c.refused++
        reject(unavailable(p, 'is saturated', 1))
      }, ms)
      c.waiters.push(entry)
    })
  }

  return {
    settings,
    async run(p, fn) {
      const c = of(p)
      assertOpen(p)
      const started = now()
      await slot(p, c, c.settings.timeout_ms)
      const ticket = c.breaker.start()
      if (!ticket) { release(c); c.refused++; throw unavailable(p, 'is failing and has been switched off for a moment', retryAfterS(c)) }
      let timer: NodeJS.Timeout | undefined
      const left = Math.max(1, c.settings.timeout_ms - (now() - started))
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => { c.timedOut++; reject(unavailable(p, `did not answer within ${c.settings.timeout_ms} ms`, c.settings.cooldown_ms / 1000)) }, left)
      })
      const work = fn()
      try {
        const r = await Promise.race([work, timeout])
        c.breaker.succeeded(ticket)
        return r
      } catch (err) {
        if (healthy(err) && !(err instanceof PhareError && err.code === 'part_unavailable')) c.breaker.succeeded(ticket)
        else c.breaker.failed(ticket)
        throw err
      } finally {
        clearTimeout(timer)
        // The slot is held until the work really ends: a call that outlived its time limit still occupies the part.
        void work.then(() => release(c), () => release(c))
      }
    },
    hold(p) {
      const c = of(p)
      assertOpen(p)
      if (c.running >= c.settings.concurrency) { c.refused++; throw unavailable(p, 'has too many connections in this process', 1) }
      c.running++
      let done = false
      return {
        release(ok) {
          if (done) return
          done = true
          c.running--
          if (!ok) { const t = c.breaker.start(); if (t) c.breaker.failed(t) }
        },
      }
    },
    assertOpen,
    states: () => PARTS.map((p) => {
      const c = of(p)
      const snap = c.breaker.snapshot()
      return { part: p, state: snap.state, running: c.running, waiting: c.waiters.length, consecutive_failures: snap.consecutiveFailures, refused: c.refused, timed_out: c.timedOut }
    }),
  }
}
