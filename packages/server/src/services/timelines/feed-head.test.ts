import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { readFromHead } from './feed-head.ts'
import type { SkeletonBounds } from '../../storage/repos/home-feed.ts'

// What the database answers for the same bounds over the whole feed.
function fromDatabase(feed: number[], b: SkeletonBounds): number[] {
  const inside = feed.filter((id) => (b.maxId === null || id < b.maxId) && (b.minId === null || id > b.minId))
  const sorted = inside.sort((x, y) => (b.ascending ? x - y : y - x))
  return sorted.slice(0, b.limit)
}

describe('readFromHead', () => {
  it('answers exactly what the database would, or declines', () => {
    fc.assert(fc.property(
      fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { maxLength: 120 }),
      fc.integer({ min: 1, max: 120 }),
      fc.option(fc.integer({ min: 0, max: 520 })), fc.option(fc.integer({ min: 0, max: 520 })),
      fc.boolean(), fc.integer({ min: 1, max: 40 }),
      (feed, headSize, maxId, minId, ascending, limit) => {
        const desc = [...feed].sort((x, y) => y - x)
        const head = { ids: desc.slice(0, headSize), complete: desc.length <= headSize }
        const b: SkeletonBounds = { maxId, minId: ascending ? (minId ?? 0) : minId, ascending, limit }
        const got = readFromHead(head, b)
        if (got !== null) expect(got).toEqual(fromDatabase(desc, b))
      },
    ), { numRuns: 2_000 })
  })

  it('answers the first page from a full head without the database', () => {
    const head = { ids: Array.from({ length: 200 }, (_, i) => 1000 - i), complete: false }
    expect(readFromHead(head, { maxId: null, minId: null, ascending: false, limit: 25 })).toEqual(head.ids.slice(0, 25))
    expect(readFromHead(head, { maxId: 900, minId: null, ascending: false, limit: 25 })).toEqual(head.ids.slice(101, 126))
  })

  it('declines a page that runs past the end of an incomplete head', () => {
    const head = { ids: [30, 20, 10], complete: false }
    expect(readFromHead(head, { maxId: 25, minId: null, ascending: false, limit: 5 })).toBeNull()
    expect(readFromHead(head, { maxId: null, minId: 5, ascending: true, limit: 5 })).toBeNull()
    expect(readFromHead({ ...head, complete: true }, { maxId: 25, minId: null, ascending: false, limit: 5 })).toEqual([20, 10])
  })
})
