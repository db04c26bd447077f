import { describe, expect, it } from 'vitest'
import { createGauge, MAX_LEVEL, type Sample } from './pressure.ts'

const over: Sample = { lagP99: 300, lagMean: 60, elu: 1, inFlight: 20, completed: 200, durationP90: 40, refused: 0 }
const calm: Sample = { lagP99: 5, lagMean: 1, elu: 0.3, inFlight: 2, completed: 200, durationP90: 5, refused: 0 }
const feed = (g: ReturnType<typeof createGauge>, s: Sample, n: number) => { for (let i = 0; i < n; i++) g.feed(s) }

describe('pressure gauge', () => {
  it('stays at 0 through short lag spikes (a garbage collection, a busy test machine)', () => {
    const g = createGauge({ lagMs: 200 })
    for (let i = 0; i < 200; i++) g.feed(i % 3 === 0 ? over : calm)
    expect(g.level()).toBe(0)
  })

  it('rises one level per second of sustained overload, up to the maximum', () => {
    const g = createGauge({ lagMs: 200 })
    feed(g, over, 4)
    expect(g.level()).toBe(0)
    feed(g, over, 1)
    expect(g.level()).toBe(1)
    feed(g, over, 5)
    expect(g.level()).toBe(2)
    feed(g, over, 100)
    expect(g.level()).toBe(MAX_LEVEL)
  })

  it('does not count lag when no request is being served', () => {
    const g = createGauge({ lagMs: 200 })
    feed(g, { ...over, inFlight: 0, completed: 0 }, 50)
    expect(g.level()).toBe(0)
  })

  it('counts slow requests with many in flight as overload (a saturated database pool)', () => {
    const g = createGauge({ lagMs: 200 })
    feed(g, { ...calm, inFlight: 40, durationP90: 3000 }, 5)
    expect(g.level()).toBe(1)
  })

  it('lowers only after calm seconds, and waits longer after a relapse (no flapping)', () => {
    const g = createGauge({ lagMs: 200, raiseAfter: 5, lowerAfter: 15 })
    feed(g, over, 10)
    expect(g.level()).toBe(2)
    feed(g, calm, 14)
    expect(g.level()).toBe(2)
    feed(g, calm, 1)
    expect(g.level()).toBe(1)
    // The flood is back as soon as the level drops: straight back up…
    g.feed(over)
    expect(g.level()).toBe(2)
    // …and the next lowering needs twice the calm.
    feed(g, calm, 15)
    expect(g.level()).toBe(2)
    feed(g, calm, 15)
    expect(g.level()).toBe(1)
  })

  it('counts requests queueing for a saturated CPU as overload, but not a short burst of them', () => {
    const queued: Sample = { ...calm, elu: 0.99, inFlight: 96, completed: 300, durationP90: 150 }
    const g = createGauge({ lagMs: 200 })
    for (let i = 0; i < 100; i++) g.feed(i % 4 === 0 ? calm : queued)
    expect(g.level()).toBe(0)
    feed(g, { ...queued, completed: 20 }, 20)
    expect(g.level()).toBe(0)
    feed(g, queued, 5)
    expect(g.level()).toBe(1)
  })

  it('holds its level while the loop stays busy, even when shedding made requests fast again', () => {
    const g = createGauge({ lagMs: 200 })
    feed(g, over, 5)
    feed(g, { ...calm, elu: 0.97, inFlight: 96, completed: 2000 }, 200)
    expect(g.level()).toBe(1)
    feed(g, calm, 15)
    expect(g.level()).toBe(0)
  })

  it('does not go further up when most requests are already refused: more refusals would not help', () => {
    const g = createGauge({ lagMs: 200 })
    feed(g, over, 10)
    expect(g.level()).toBe(2)
    feed(g, { ...over, refused: 150 }, 50)
    expect(g.level()).toBe(2)
  })

  it('counts windows between the thresholds as neither overload nor calm', () => {
    const g = createGauge({ lagMs: 200 })
    feed(g, over, 5)
    feed(g, { ...calm, lagP99: 150 }, 100)
    expect(g.level()).toBe(1)
  })
})
