// Component states from probe results: pure rules, so the thresholds are tested alone.

export const COMPONENTS = ['Sign-in', 'Posting', 'Timelines', 'Live updates', 'Media', 'Rooms', 'API'] as const
export type Component = typeof COMPONENTS[number]
export type State = 'operational' | 'degraded' | 'outage' | 'unknown'

/** What one round of probes said about a component. */
export type Verdict = 'pass' | 'slow' | 'fail' | 'unknown'

export interface Tracked { state: State; since: number; fails: number; passes: number; slows: number }

/** Failures in a row that make a component an outage; successes in a row that bring it back. */
export const FAILS_TO_OUTAGE = 3
export const PASSES_TO_RECOVER = 2
export const SLOWS_TO_DEGRADED = 2

/**
 * The next state of a component. One failure already shows it degraded (something did
 * fail); three make it an outage; it comes back after two passes in a row. `unknown` (the
 * probe learnt nothing: no network, rate-limited) neither blames nor clears the app.
 */
export function next(prev: Tracked, verdict: Verdict, now: number): Tracked {
  let { state, fails, passes, slows } = prev
  if (verdict === 'unknown') {
    if (prev.state === 'unknown') return prev
    return { state: 'unknown', since: now, fails: 0, passes: 0, slows: 0 }
  }
  if (verdict === 'fail') {
    fails++; passes = 0
    state = fails >= FAILS_TO_OUTAGE ? 'outage' : state === 'outage' ? 'outage' : 'degraded'
  } else if (verdict === 'slow') {
    slows++; fails = 0; passes = 0
    if (state === 'unknown' || (state === 'operational' && slows >= SLOWS_TO_DEGRADED)) state = 'degraded'
  } else {
    passes++; fails = 0; slows = 0
    if (state === 'unknown' || (state !== 'operational' && passes >= PASSES_TO_RECOVER)) state = 'operational'
  }
  return { state, since: state === prev.state ? prev.since : now, fails, passes, slows }
}

/** The worst of several verdicts about one component in one round (unknown only when nothing is known). */
export function combine(verdicts: Verdict[]): Verdict {
  for (const v of ['fail', 'slow', 'pass'] as const) if (verdicts.includes(v)) return v
  return 'unknown'
}

/** The page-wide indicator, as Statuspage names it. */
export function indicator(states: State[]): { indicator: 'none' | 'minor' | 'major' | 'critical'; description: string } {
  const out = states.filter((s) => s === 'outage').length
  if (out > 0 && out >= Math.ceil(states.length / 2)) return { indicator: 'critical', description: 'Major outage' }
  if (out > 0) return { indicator: 'major', description: 'Partial outage' }
  if (states.includes('degraded')) return { indicator: 'minor', description: 'Degraded performance' }
  if (states.length > 0 && states.every((s) => s === 'unknown')) return { indicator: 'none', description: 'Status unknown: the probes cannot reach the network' }
  return { indicator: 'none', description: 'All systems operational' }
}
