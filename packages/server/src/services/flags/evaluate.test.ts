import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { BUCKETS, bucketOf, evaluate, subjectOf, type Flag } from './evaluate.ts'

const flag = (over: Partial<Flag> = {}): Flag => ({
  key: 'timeline.new', description: '', kind: 'boolean', enabled: true, percentage: 10,
  allowList: [], denyList: [], version: 1, createdAt: 0, updatedAt: 0, ...over,
})

describe('flag bucketing', () => {
  it('gives a subject the same bucket every time, within 0..9999', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (key, subject) => {
      const b = bucketOf(key, subject)
      return b === bucketOf(key, subject) && Number.isInteger(b) && b >= 0 && b < BUCKETS
    }))
  })

  it('puts about the configured share of accounts in the on cohort', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 99 }), fc.string({ minLength: 1, maxLength: 20 }), (percentage, key) => {
      const f = flag({ key, percentage })
      let on = 0
      const n = 4000
      for (let i = 0; i < n; i++) if (evaluate(f, subjectOf(1_000_000 + i * 7919, null), String(i)).on) on++
      // Binomial(4000, p): five standard deviations either side never fails by chance in practice.
      const p = percentage / 100
      return Math.abs(on - n * p) <= 5 * Math.sqrt(n * p * (1 - p)) + 1
    }), { numRuns: 40 })
  })

  it('only adds people when the percentage grows', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), fc.nat(), (a, b, id) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a]
      const s = subjectOf(id, null)
      return !evaluate(flag({ percentage: lo }), s, String(id)).on || evaluate(flag({ percentage: hi }), s, String(id)).on
    }))
  })

  it('splits people differently for different flags', () => {
    let same = 0
    for (let i = 0; i < 1000; i++) if ((bucketOf('a', `account:${i}`) < 5000) === (bucketOf('b', `account:${i}`) < 5000)) same++
    expect(same).toBeGreaterThan(400)
    expect(same).toBeLessThan(600)
  })
})

describe('flag evaluation', () => {
  it('the kill switch beats the allow-list and 100%', () => {
    expect(evaluate(flag({ enabled: false, percentage: 100, allowList: ['7'] }), 'account:7', '7')).toEqual({ on: false, reason: 'DISABLED' })
  })

  it('the allow-list turns it on at 0%, the deny-list off at 100%', () => {
    expect(evaluate(flag({ percentage: 0, allowList: ['7'] }), 'account:7', '7').on).toBe(true)
    expect(evaluate(flag({ percentage: 100, denyList: ['7'] }), 'account:7', '7').on).toBe(false)
  })

  it('anonymous requests are bucketed by a hash of their address, never by the raw address', () => {
    const s = subjectOf(null, '203.0.113.9')!
    expect(s).toMatch(/^ip:[0-9a-f]{16}$/)
    expect(s).not.toContain('203.0.113.9')
    expect(evaluate(flag({ percentage: 100 }), s, null).on).toBe(true)
    expect(evaluate(flag({ percentage: 100 }), null, null).on).toBe(false)
  })
})
