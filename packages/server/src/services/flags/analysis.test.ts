import { describe, expect, it } from 'vitest'
import { analyse, twoProportionZ, type AnalysisSettings } from './analysis.ts'
import { createCohortWindows } from './window.ts'

const S: AnalysisSettings = { minRequests: 100, maxErrorRateDelta: 0.01, minZ: 2.33, maxP99Ratio: 1.5, minP99DeltaMs: 100 }
const fig = (requests: number, errors: number, p99Ms: number | null = 20) => ({ requests, errors, errorRate: requests ? errors / requests : 0, p99Ms })

describe('rollback analysis', () => {
  it('fails a cohort with a 20% error rate against a clean control', () => {
    const v = analyse(fig(200, 40), fig(1800, 0), S)
    expect(v.verdict).toBe('failing')
    expect(v.reasons[0]).toMatch(/error rate 20\.00% on vs 0\.00% off/)
    expect(v.z).toBeGreaterThan(10)
  })

  it('does not judge before both cohorts have the minimum sample', () => {
    expect(analyse(fig(99, 50), fig(5000, 0), S).verdict).toBe('insufficient')
    expect(analyse(fig(5000, 50), fig(99, 0), S).verdict).toBe('insufficient')
  })

  it('ignores a difference that is large but not significant', () => {
    // 3 errors in 100 against 1 in 100: +2 points, z ≈ 1.0
    const v = analyse(fig(100, 3), fig(100, 1), S)
    expect(v.z).toBeLessThan(2.33)
    expect(v.verdict).toBe('healthy')
  })

  it('ignores a difference that is significant but under the allowed delta', () => {
    // 0.5% against 0.1% over a million requests each: very significant, yet within one point
    expect(analyse(fig(1_000_000, 5000), fig(1_000_000, 1000), S).verdict).toBe('healthy')
  })

  it('fails a cohort whose p99 is far slower, but not one slower by a few ms', () => {
    expect(analyse(fig(500, 0, 900), fig(500, 0, 200), S).reasons[0]).toMatch(/p99 latency 900 ms on vs 200 ms off/)
    expect(analyse(fig(500, 0, 9), fig(500, 0, 3), S).verdict).toBe('healthy')
  })

  it('the z-test is symmetric and zero without variance', () => {
    expect(twoProportionZ(10, 100, 0, 100)).toBeCloseTo(-twoProportionZ(0, 100, 10, 100))
    expect(twoProportionZ(0, 100, 0, 100)).toBe(0)
    expect(twoProportionZ(0, 0, 0, 100)).toBe(0)
  })
})

describe('cohort window', () => {
  it('counts requests, errors and p99 per cohort, and forgets what slid out of the window', () => {
    const w = createCohortWindows(10_000)
    const t0 = 1_000_000
    for (let i = 0; i < 100; i++) w.record('f', 'on', i < 20, i === 99 ? 500 : 10, t0)
    w.record('f', 'off', false, 10, t0)
    const f = w.figures('f', t0 + 1000)
    expect(f.on).toMatchObject({ requests: 100, errors: 20, errorRate: 0.2 })
    expect(f.on.p99Ms).toBeGreaterThanOrEqual(10)
    expect(f.on.p99Ms).toBeLessThan(11.1)
    expect(f.off.requests).toBe(1)
    expect(w.figures('f', t0 + 25_000).on.requests).toBe(0)
    expect(w.lifetime().get('f')?.on).toEqual({ requests: 100, errors: 20 })
  })

  it('p99 sees the slowest percent', () => {
    const w = createCohortWindows(10_000)
    for (let i = 0; i < 100; i++) w.record('f', 'on', false, i < 97 ? 10 : 1000, 5000)
    expect(w.figures('f', 5000).on.p99Ms).toBeGreaterThan(900)
    w.reset('f')
    expect(w.figures('f', 5000).on.requests).toBe(0)
  })
})
