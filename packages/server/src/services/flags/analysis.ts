// The automatic rollback's judgement, in the manner of Flagger's and Argo Rollouts' canary
// analysis: the 'on' cohort (canary) against the 'off' cohort (baseline) of the same flag,
// over the same window. Pure, so the thresholds can be tested without a server.
import type { CohortFigures } from './window.ts'

/** The thresholds of the analysis (config.rollout). */
export interface AnalysisSettings {
  minRequests: number
  maxErrorRateDelta: number
  minZ: number
  maxP99Ratio: number
  minP99DeltaMs: number
}

/** The verdict on a flag, with the figures and, when failing, why in words. */
export interface Verdict {
  verdict: 'insufficient' | 'healthy' | 'failing'
  reasons: string[]
  on: CohortFigures
  off: CohortFigures
  /** z of the two-proportion test of the error rates (on worse than off is positive) */
  z: number
}

/** z-score of "p(on) > p(off)" with the pooled two-proportion test; 0 when there is no variance. */
export function twoProportionZ(errorsA: number, nA: number, errorsB: number, nB: number): number {
  if (nA === 0 || nB === 0) return 0
  const p = (errorsA + errorsB) / (nA + nB)
  const se = Math.sqrt(p * (1 - p) * (1 / nA + 1 / nB))
  if (se === 0) return 0
  return (errorsA / nA - errorsB / nB) / se
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`

/**
 * Judges a flag. Both cohorts need `minRequests` (a flag at 0% or 100% has no control
 * cohort and is not judged). Failing when the 'on' error rate is more than
 * `maxErrorRateDelta` above the 'off' one AND the difference is significant (z ≥ minZ),
 * or when the 'on' p99 is more than `maxP99Ratio` times the 'off' one and slower by at
 * least `minP99DeltaMs`.
 */
export function analyse(on: CohortFigures, off: CohortFigures, s: AnalysisSettings): Verdict {
  const z = twoProportionZ(on.errors, on.requests, off.errors, off.requests)
  if (on.requests < s.minRequests || off.requests < s.minRequests) return { verdict: 'insufficient', reasons: [], on, off, z }
  const reasons: string[] = []
  const delta = on.errorRate - off.errorRate
  if (delta > s.maxErrorRateDelta && z >= s.minZ) {
    reasons.push(`error rate ${pct(on.errorRate)} on vs ${pct(off.errorRate)} off (+${pct(delta)}, z=${z.toFixed(2)})`)
  }
  if (on.p99Ms !== null && off.p99Ms !== null && on.p99Ms > off.p99Ms * s.maxP99Ratio && on.p99Ms - off.p99Ms >= s.minP99DeltaMs) {
    reasons.push(`p99 latency ${on.p99Ms} ms on vs ${off.p99Ms} ms off (×${(on.p99Ms / off.p99Ms).toFixed(2)})`)
  }
  return { verdict: reasons.length ? 'failing' : 'healthy', reasons, on, off, z }
}
