// Running one journey: each step timed against its budget, and the steps a failure kept
// from running recorded too (as failed when the target is unreachable, else skipped).
import type { Component } from './components.ts'
import { classify, ProbeError, type FailureKind } from './probe-http.ts'
import type { ProbeAccount } from './account.ts'
import type { StatusConfig } from './config.ts'

export interface StepSpec {
  name: string
  component: Component
  budgetMs: number
  /** A failure here degrades the component instead of taking it down (an extra, like previews). */
  soft?: boolean
}

export type StepResult = 'pass' | 'slow' | 'fail' | 'skipped' | 'unknown'

export interface StepOutcome { spec: StepSpec; result: StepResult; ms: number; error: string | null; kind: FailureKind | null }

export interface Probe { cfg: StatusConfig; account: ProbeAccount }

export interface JourneySpec {
  name: string
  title: string
  /** Runs at most every PHARE_STATUS_SLOW_EVERY_S (uploads, rooms: expensive and rate-limited). */
  slow?: boolean
  /** Why it does not run here, or null when it does. */
  disabled?(cfg: StatusConfig): string | null
  steps: StepSpec[]
  run(j: JourneyRun, p: Probe): Promise<void>
}

export interface JourneyRun {
  /**
   * Runs the named step; `fn` gets the time one request may take and the step's budget (what
   * a polling step may wait: past it the step has failed anyway). Throws when the step fails.
   */
  step<T>(name: string, fn: (timeoutMs: number, budgetMs: number) => Promise<T>): Promise<T>
}

/** How long a step may go on after its budget before it is cut off. */
const GRACE_MS = 5000

/** Runs `spec` and returns one outcome per declared step. */
export async function runJourney(spec: JourneySpec, p: Probe): Promise<StepOutcome[]> {
  const done = new Map<string, StepOutcome>()
  let stop: ProbeError | null = null
  const j: JourneyRun = {
    async step(name, fn) {
      const s = spec.steps.find((x) => x.name === name)
      if (!s) throw new Error(`journey ${spec.name} has no step "${name}"`)
      const t0 = performance.now()
      const limit = s.budgetMs + GRACE_MS
      let timer: NodeJS.Timeout | undefined
      try {
        const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new ProbeError('down', `no answer within ${limit} ms`)), limit) })
        const v = await Promise.race([fn(limit, s.budgetMs), late])
        const ms = Math.round(performance.now() - t0)
        done.set(name, { spec: s, result: ms > s.budgetMs ? 'slow' : 'pass', ms, error: ms > s.budgetMs ? `took ${ms} ms, budget ${s.budgetMs} ms` : null, kind: null })
        return v
      } catch (e) {
        const err = classify(e)
        const ms = Math.round(performance.now() - t0)
        // Read-only mode is announced by the target: what needs a write is degraded, not down.
        done.set(name, { spec: s, result: err.kind === 'throttled' ? 'unknown' : err.kind === 'read_only' ? 'slow' : 'fail', ms, error: err.message, kind: err.kind })
        if (!stop || err.kind === 'down' || err.kind === 'offline') stop = err
        throw err
      } finally { clearTimeout(timer) }
    },
  }
  try { await spec.run(j, p) } catch (e) {
    if (!stop) stop = classify(e)
  }
  return spec.steps.map((s) => done.get(s.name) ?? notReached(s, stop))
}

/** The outcome of a step that did not run: the target's unreachability reaches every step; a wrong answer only skips. */
export function notReached(s: StepSpec, why: ProbeError | null): StepOutcome {
  if (why && (why.kind === 'down' || why.kind === 'offline')) return { spec: s, result: 'fail', ms: 0, error: `not reached: ${why.message}`, kind: why.kind }
  if (why?.kind === 'throttled') return { spec: s, result: 'unknown', ms: 0, error: `not reached: ${why.message}`, kind: 'throttled' }
  return { spec: s, result: 'skipped', ms: 0, error: why ? `not reached: ${why.message}` : null, kind: null }
}
