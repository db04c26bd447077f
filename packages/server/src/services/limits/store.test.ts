import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testRedis, type TestRedis } from '../../../../../test/support/redis.ts'
import { memoryStore } from './memory-store.ts'
import { redisStore } from './redis-store.ts'
import type { LimitStore } from './store.ts'
import { createLimiter } from './engine.ts'
import { DEFAULT_POLICIES } from './policy.ts'

// One contract, every store: the in-process one and Redis behave the same, to the millisecond.
function storeContract(name: string, make: () => LimitStore) {
  describe(`${name} store`, () => {
    let store: LimitStore
    beforeAll(() => { store = make() })
    afterAll(async () => { await store.close() })
    const item = (key: string, limit: number, periodMs: number, shadow = false) => ({ key: `${key}-${randomBytes(4).toString('hex')}`, limit, periodMs, shadow })

    it('allows the whole quota at once, counting down, then refuses with a wait until one more is allowed', async () => {
      const now = Date.now()
      const it1 = item('burst', 5, 60_000)
      const seen = []
      for (let i = 0; i < 5; i++) seen.push((await store.hit([it1], now))[0]!)
      expect(seen.map((r) => r.allowed)).toEqual([true, true, true, true, true])
      expect(seen.map((r) => r.remaining)).toEqual([4, 3, 2, 1, 0])
      const refused = (await store.hit([it1], now))[0]!
      expect(refused).toMatchObject({ allowed: false, remaining: 0 })
      expect(refused.retryMs).toBe(12_000)
      expect(refused.resetMs).toBe(60_000)
    })

    it('gives back one request per period/limit', async () => {
      const now = Date.now()
      const it1 = item('refill', 2, 10_000)
      await store.hit([it1], now)
      await store.hit([it1], now)
      expect((await store.hit([it1], now + 4_999))[0]!.allowed).toBe(false)
      const later = (await store.hit([it1], now + 5_000))[0]!
      expect(later).toMatchObject({ allowed: true, remaining: 0 })
      expect((await store.hit([it1], now + 20_000))[0]).toMatchObject({ allowed: true, remaining: 1 })
    })

    it('counts nothing anywhere when one enforced policy refuses', async () => {
      const now = Date.now()
      const tight = item('tight', 1, 60_000)
      const loose = item('loose', 100, 60_000)
      await store.hit([tight, loose], now)
      const [t, l] = await store.hit([tight, loose], now)
      expect(t!.allowed).toBe(false)
      expect(l).toMatchObject({ allowed: true, remaining: 99 })
      expect((await store.hit([loose], now))[0]!.remaining).toBe(98)
    })

    it('a shadow policy over its limit refuses nothing', async () => {
      const now = Date.now()
      const shadow = item('shadow', 1, 60_000, true)
      const real = item('real', 10, 60_000)
      await store.hit([shadow, real], now)
      const [s, r] = await store.hit([shadow, real], now)
      expect(s!.allowed).toBe(false)
      expect(r).toMatchObject({ allowed: true, remaining: 8 })
    })
  })
}

storeContract('memory', () => memoryStore())

let redis: TestRedis
const prefix = `phare:test:${randomBytes(4).toString('hex')}:`
beforeAll(async () => { redis = await testRedis() }, 30_000)
afterAll(async () => { await redis?.close() })
storeContract('Redis', () => redisStore(redis.url, { prefix }))

describe('memory store housekeeping', () => {
  it('forgets a key once its quota is whole again', async () => {
    const store = memoryStore()
    const now = Date.now()
    await store.hit([{ key: 'k', limit: 10, periodMs: 1000, shadow: false }], now)
    store.sweep(now + 50)
    expect(store.size()).toBe(1)
    store.sweep(now + 100)
    expect(store.size()).toBe(0)
    await store.close()
  })

  it('holds at most maxKeys keys, forgetting the oldest', async () => {
    const store = memoryStore({ maxKeys: 100 })
    const now = Date.now()
    for (let i = 0; i < 1000; i++) await store.hit([{ key: `k${i}`, limit: 10, periodMs: 60_000, shadow: false }], now)
    expect(store.size()).toBe(100)
    await store.close()
  })
})

describe('Redis store', () => {
  it('lets each key expire when its quota is whole again', async () => {
    const store = redisStore(redis.url, { prefix })
    await store.hit([{ key: 'ttl', limit: 10, periodMs: 5_000, shadow: false }], Date.now())
    const ttl = await store.redis.pttl(`${prefix}ttl`)
    expect(ttl).toBeGreaterThan(0)
    expect(ttl).toBeLessThanOrEqual(1_500)
    await store.close()
  })

  it('when Redis is unreachable, requests are let through at once', async () => {
    const store = redisStore('redis://127.0.0.1:1', { prefix })
    const limiter = createLimiter(DEFAULT_POLICIES, store)
    const caller = { ip: '192.0.2.9', accountId: 1, tokenId: 1, appId: 1 }
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now()
      expect(await limiter.check('write', caller)).toMatchObject({ allowed: true, states: [] })
      expect(Date.now() - t0).toBeLessThan(1000)
    }
    await limiter.close()
  })
})
