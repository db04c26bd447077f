import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { idAtTime, nextId, parseId, timeOfId } from './ids.ts'

describe('snowflake ids', () => {
  it('are strictly increasing, even many within one millisecond or with the clock going back', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1_750_000_000_000, max: 1_750_000_001_000 }), { minLength: 1, maxLength: 5000 }), (times) => {
      let last = -1
      for (const t of times) {
        const id = nextId(t)
        if (!(id > last)) return false
        last = id
      }
      return true
    }))
  })

  it('stay exact as JavaScript numbers and encode their creation time', () => {
    const now = Date.now()
    const id = nextId(now)
    expect(Number.isSafeInteger(id)).toBe(true)
    expect(Math.abs(timeOfId(id) - now)).toBeLessThan(1000)
    expect(idAtTime(now + 10_000)).toBeGreaterThan(id)
  })

  it('parseId accepts digit strings and refuses anything else', () => {
    expect(parseId('123')).toBe(123)
    expect(parseId(45)).toBe(45)
    for (const bad of ['', '-1', '1e3', 'abc', '12345678901234567890', '1.5', null, undefined, {}]) expect(parseId(bad)).toBeNull()
  })
})
