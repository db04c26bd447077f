import { describe, expect, it } from 'vitest'
import { keyedCache } from './keyed.ts'

describe('keyedCache', () => {
  it('keeps a value stored after a miss', () => {
    const c = keyedCache<number, string>(10)
    const m = c.mark()
    c.set(1, 'a', m)
    expect(c.get(1)).toBe('a')
  })

  it('refuses a value read before the key was dropped', () => {
    const c = keyedCache<number, string>(10)
    const m = c.mark()
    c.drop(1) // a write committed while the reader was reading
    c.set(1, 'stale', m)
    expect(c.get(1)).toBeUndefined()
    c.set(1, 'fresh', c.mark())
    expect(c.get(1)).toBe('fresh')
  })

  it('still stores other keys after an unrelated drop', () => {
    const c = keyedCache<number, string>(10)
    const m = c.mark()
    c.drop(2)
    c.set(1, 'a', m)
    expect(c.get(1)).toBe('a')
  })

  it('refuses every value read before a clear', () => {
    const c = keyedCache<number, string>(10)
    const m = c.mark()
    c.clear()
    c.set(1, 'stale', m)
    expect(c.get(1)).toBeUndefined()
  })

  it('refuses a value whose tombstone was evicted since its mark', () => {
    const c = keyedCache<number, string>(1) // tombstones hold 1,000
    const m = c.mark()
    for (let k = 0; k < 1_001; k++) c.drop(k) // key 0's tombstone is evicted
    c.set(0, 'stale', m)
    expect(c.get(0)).toBeUndefined()
  })

  it('holds at most max values', () => {
    const c = keyedCache<number, number>(3)
    for (let k = 0; k < 10; k++) c.set(k, k, c.mark())
    expect(c.size).toBe(3)
    expect(c.get(9)).toBe(9)
    expect(c.get(0)).toBeUndefined()
  })
})
