// The shared home-feed heads (storage/cache/redis-feeds.ts) on a real Redis: what one node
// stores the others read, a fill never undoes a change, heads stay bounded and gap-free.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { redisFeeds, type SharedFeeds } from '../../packages/server/src/storage/cache/redis-feeds.ts'
import { testRedis, type TestRedis } from '../support/redis.ts'

let redis: TestRedis
const opened: SharedFeeds[] = []
beforeAll(async () => { redis = await testRedis() })
afterAll(async () => { for (const f of opened) await f.close(); await redis.close() })

/** Two nodes' views of the same heads, bounded to `max`. */
async function nodes(max = 5): Promise<[SharedFeeds, SharedFeeds]> {
  const prefix = `t${randomBytes(4).toString('hex')}:`
  const a = redisFeeds(redis.url, { prefix, max })
  const b = redisFeeds(redis.url, { prefix, max })
  opened.push(a, b)
  // wait for both connections, as a node's first read would
  for (let i = 0; i < 100; i++) { try { await a.get(0); await b.get(0); break } catch { await new Promise((r) => setTimeout(r, 20)) } }
  return [a, b]
}

describe('shared home-feed heads in Redis', () => {
  it('a head one node read from the database is answered to the others', async () => {
    const [a, b] = await nodes()
    const miss = await a.get(1)
    expect(miss.head).toBeNull()
    expect(await a.put(1, { ids: [30, 20, 10], complete: true }, (miss as { gen: string }).gen)).toBe(true)
    expect((await b.get(1)).head).toEqual({ ids: [30, 20, 10], complete: true })
  })

  it('an empty feed is a head too (a new account is not read from the database every time)', async () => {
    const [a, b] = await nodes()
    const miss = await a.get(2) as { gen: string }
    await a.put(2, { ids: [], complete: true }, miss.gen)
    expect((await b.get(2)).head).toEqual({ ids: [], complete: true })
  })

  it('a fill is refused when the feed changed after the reader took its generation', async () => {
    const [a, b] = await nodes()
    const before = await a.get(3) as { gen: string }
    // the reader reads the database (old rows) while a post is fanned out through another node
    await b.add([{ accountId: 3, statusId: 40 }])
    expect(await a.put(3, { ids: [30], complete: true }, before.gen)).toBe(false)
    expect((await b.get(3)).head).toBeNull()
    await b.drop([3])
    expect(await a.put(3, { ids: [30], complete: true }, before.gen)).toBe(false)
  })

  it('new posts enter existing heads newest first, bounded; a head cut short stops claiming to be complete', async () => {
    const [a, b] = await nodes(3)
    const miss = await a.get(4) as { gen: string }
    await a.put(4, { ids: [20, 10], complete: true }, miss.gen)
    await b.add([{ accountId: 4, statusId: 30 }, { accountId: 5, statusId: 30 }])
    expect((await a.get(4)).head).toEqual({ ids: [30, 20, 10], complete: true })
    // feed 5 had no head: it still has none (it is built from the database when read)
    expect((await a.get(5)).head).toBeNull()
    await b.add([{ accountId: 4, statusId: 40 }])
    expect((await a.get(4)).head).toEqual({ ids: [40, 30, 20], complete: false })
    // an older post (a late retry) cannot go below the tail of a cut head: there may be others in between
    await b.add([{ accountId: 4, statusId: 15 }])
    expect((await a.get(4)).head).toEqual({ ids: [40, 30, 20], complete: false })
  })

  it('a dropped head is gone for every node', async () => {
    const [a, b] = await nodes()
    const miss = await a.get(6) as { gen: string }
    await a.put(6, { ids: [1], complete: true }, miss.gen)
    await b.drop([6])
    expect((await a.get(6)).head).toBeNull()
  })
})
