import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { collectPage, type SkeletonEntry } from './paginate.ts'
import type { Page } from '../../http/pagination.ts'
import type { StatusJson } from '../../views/status.ts'

/** A source over sorted keys, counting its reads. */
function sourceOf(keys: number[]) {
  const sorted = [...new Set(keys)].sort((a, b) => a - b)
  let reads = 0
  const source = async (b: { maxId: number | null; minId: number | null; ascending: boolean; limit: number }): Promise<SkeletonEntry[]> => {
    reads++
    const inside = sorted.filter((k) => (b.maxId === null || k < b.maxId) && (b.minId === null || k > b.minId))
    return (b.ascending ? inside : inside.reverse()).slice(0, b.limit).map((k) => ({ key: k, id: k }))
  }
  return { sorted, source, reads: () => reads }
}

const renderer = (hidden: Set<number>) => async (ids: number[]) =>
  ids.filter((id) => !hidden.has(id)).map((id) => ({ id: String(id) }) as StatusJson)

describe('collectPage', () => {
  it('returns exactly the visible entries a model page holds, newest first, whatever is hidden', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.integer({ min: 1, max: 500 }), { maxLength: 120 }),
      fc.func(fc.boolean()),
      fc.record({ limit: fc.integer({ min: 1, max: 40 }), bound: fc.option(fc.integer({ min: 0, max: 501 })), kind: fc.constantFrom('max', 'min', 'since', 'none') }),
      async (keys, isHidden, p) => {
        const { sorted, source } = sourceOf(keys)
        const hidden = new Set(sorted.filter((k) => isHidden(k)))
        const page: Page = {
          limit: p.limit,
          maxId: p.kind === 'max' ? p.bound : null,
          minId: p.kind === 'min' ? (p.bound ?? 0) : null,
          sinceId: p.kind === 'since' ? p.bound : null,
        }
        const got = await collectPage(page, source, renderer(hidden))
        const visible = sorted.filter((k) => !hidden.has(k))
          .filter((k) => (page.maxId === null || k < page.maxId) && k > Math.max(page.minId ?? -1, page.sinceId ?? -1))
        // Reading forward (min_id) takes the entries just above the bound; otherwise the newest.
        const model = page.minId !== null ? visible.slice(0, p.limit).reverse() : visible.reverse().slice(0, p.limit)
        expect(got.keys).toEqual(model)
        expect(got.statuses.map((s) => Number(s.id))).toEqual(model)
      },
    ), { numRuns: 300 })
  })

  it('reads a bounded number of rounds when almost everything is hidden', async () => {
    const keys = Array.from({ length: 5000 }, (_, i) => i + 1)
    const { source, reads } = sourceOf(keys)
    const got = await collectPage({ limit: 20, maxId: null, minId: null, sinceId: null }, source, renderer(new Set(keys)))
    expect(got.statuses).toEqual([])
    expect(reads()).toBeLessThanOrEqual(6)
  })
})
