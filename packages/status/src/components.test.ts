import { describe, expect, it } from 'vitest'
import { combine, indicator, next, type Tracked, type Verdict } from './components.ts'

const start: Tracked = { state: 'operational', since: 0, fails: 0, passes: 0, slows: 0 }
const run = (verdicts: Verdict[], from = start) => verdicts.reduce((t, v, i) => next(t, v, i + 1), from)

describe('component thresholds', () => {
  it('one failure shows degraded, three in a row an outage', () => {
    expect(run(['fail']).state).toBe('degraded')
    expect(run(['fail', 'fail']).state).toBe('degraded')
    expect(run(['fail', 'fail', 'fail']).state).toBe('outage')
  })
  it('an outage needs two passes in a row to come back; a pass between failures resets the count', () => {
    const down = run(['fail', 'fail', 'fail'])
    expect(run(['pass'], down).state).toBe('outage')
    expect(run(['pass', 'pass'], down).state).toBe('operational')
    expect(run(['fail', 'pass', 'fail', 'fail']).state).toBe('degraded')
  })
  it('no network makes it unknown without counting as a failure; the next pass clears it', () => {
    const cut = run(['fail', 'unknown', 'unknown'])
    expect(cut.state).toBe('unknown')
    expect(cut.fails).toBe(0)
    expect(run(['pass'], cut).state).toBe('operational')
  })
  it('slow answers twice in a row degrade', () => {
    expect(run(['slow']).state).toBe('operational')
    expect(run(['slow', 'slow']).state).toBe('degraded')
  })
  it('the worst verdict wins, unknown only when nothing is known', () => {
    expect(combine(['pass', 'fail', 'unknown'])).toBe('fail')
    expect(combine(['unknown', 'pass'])).toBe('pass')
    expect(combine([])).toBe('unknown')
  })
  it('the page indicator follows Statuspage', () => {
    expect(indicator(['operational', 'operational']).indicator).toBe('none')
    expect(indicator(['operational', 'degraded']).indicator).toBe('minor')
    expect(indicator(['operational', 'operational', 'outage']).indicator).toBe('major')
    expect(indicator(['outage', 'outage']).indicator).toBe('critical')
  })
})
