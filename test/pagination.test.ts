// Property: paging a home timeline through its Link headers, while new posts keep
// arriving and some entries are hidden (a muted author), never skips or repeats a post.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'
import { follow, post } from './timelines-fixtures.ts'

let server: TestServer
beforeAll(async () => { server = await startServer() })
afterAll(async () => { await server.close() })

let runs = 0
/** A reader who follows `author` and `muted` (whom they mute): only the author's posts may show. */
async function freshWorld() {
  const n = runs++
  const [reader, author, muted] = await Promise.all([`r${n}`, `a${n}`, `m${n}`].map((u) => signUp(server, u)))
  await follow(server, reader, author)
  await follow(server, reader, muted)
  await reader.client.v1.accounts.$select(muted.accountId).mute()
  return { reader, author, muted }
}

/** Posts one post per flag: true by the author (visible), false by the muted account (hidden). */
async function postAll(w: { author: Person; muted: Person }, flags: boolean[], into: string[]): Promise<void> {
  for (const visible of flags) {
    const s = await post(server, visible ? w.author : w.muted, 'p')
    if (visible) into.push(s.id)
  }
}

async function getPage(reader: Person, query: string): Promise<{ ids: string[]; next: string | null; prev: string | null }> {
  const r = await api(server, reader.token, 'GET', `/api/v1/timelines/home?${query}`)
  expect(r.status).toBe(200)
  const link = r.headers.get('link') ?? ''
  const param = (rel: string, name: string) => {
    const m = new RegExp(`<([^>]+)>; rel="${rel}"`).exec(link)
    return m ? new URL(m[1]).searchParams.get(name) : null
  }
  return { ids: r.json.map((s: { id: string }) => s.id), next: param('next', 'max_id'), prev: param('prev', 'min_id') }
}

const step = fc.record({ limit: fc.integer({ min: 1, max: 6 }), arriving: fc.array(fc.boolean(), { maxLength: 3 }) })
const scenario = fc.record({
  initial: fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }),
  steps: fc.array(step, { minLength: 1, maxLength: 8 }),
})

describe('home pagination', () => {
  it('paging down with max_id while posts arrive returns every earlier visible post exactly once, newest first', async () => {
    await fc.assert(fc.asyncProperty(scenario, async ({ initial, steps }) => {
      const w = await freshWorld()
      const visible: string[] = []
      await postAll(w, initial, visible)
      const snapshot = [...visible].reverse()
      const seen: string[] = []
      let query = `limit=${steps[0].limit}`
      for (let i = 0; i < 100; i++) {
        const s = steps[i % steps.length]
        const page = await getPage(w.reader, query)
        expect(page.ids.length).toBeLessThanOrEqual(s.limit)
        if (page.ids.length === 0) break
        seen.push(...page.ids)
        if (i < steps.length) await postAll(w, s.arriving, visible)
        const nextLimit = steps[(i + 1) % steps.length].limit
        query = `limit=${nextLimit}&max_id=${page.next}`
      }
      expect(seen).toEqual(snapshot)
    }), { numRuns: 8 })
  }, 180_000)

  it('paging up with min_id while posts arrive returns every later visible post exactly once, oldest page first', async () => {
    await fc.assert(fc.asyncProperty(scenario, async ({ initial, steps }) => {
      const w = await freshWorld()
      const visible: string[] = []
      await postAll(w, [true, ...initial], visible)
      const start = visible[0]
      const seen: string[] = []
      let query = `limit=${steps[0].limit}&min_id=${start}`
      for (let i = 0; i < 100; i++) {
        const s = steps[i % steps.length]
        const page = await getPage(w.reader, query)
        if (page.ids.length === 0) break
        expect(page.ids.length).toBeLessThanOrEqual(s.limit)
        // Within a page, newest first; pages go upwards.
        expect(page.ids.every((id, k) => k === 0 || BigInt(page.ids[k - 1]) > BigInt(id))).toBe(true)
        seen.push(...[...page.ids].reverse())
        if (i < steps.length) await postAll(w, s.arriving, visible)
        query = `limit=${steps[(i + 1) % steps.length].limit}&min_id=${page.prev}`
      }
      expect(seen).toEqual(visible.slice(1))
    }), { numRuns: 8 })
  }, 180_000)

  it('a page is full whenever enough visible posts exist, even when hidden ones lie between them', async () => {
    const w = await freshWorld()
    const visible: string[] = []
    await postAll(w, [true, ...Array(12).fill(false), true, true, ...Array(30).fill(false), true], visible)
    const page = await getPage(w.reader, 'limit=3')
    expect(page.ids).toEqual([...visible].reverse().slice(0, 3))
  })
})
