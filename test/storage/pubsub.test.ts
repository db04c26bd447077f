// Contract suite for pub/sub, run on the in-process implementation and on Redis (a
// throw-away redis-server, or the one scripts/with-redis.sh started). On Redis, two
// pub/subs stand for two nodes: what one publishes the other hears.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryPubSub, type PubSub } from '../../packages/server/src/storage/adapters/pubsub.ts'
import { redisPubSub } from '../../packages/server/src/storage/adapters/redis-pubsub.ts'
import { testRedis, type TestRedis } from '../support/redis.ts'

let redis: TestRedis
beforeAll(async () => { redis = await testRedis() })
afterAll(async () => { await redis.close() })

/** Two nodes' pub/subs; `settle` waits until a subscription made on either is live. */
interface Pair { a: PubSub; b: PubSub; settle(): Promise<void>; close(): Promise<void> }

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

function testPubSub(name: string, pair: () => Promise<Pair>) {
  describe(`${name} pub/sub`, () => {
    it('delivers a message to every subscriber of its channel and to no other channel', async () => {
      const p = await pair()
      const got: unknown[] = [], got2: unknown[] = [], other: unknown[] = []
      p.b.subscribe('c1', (m) => got.push(m))
      p.a.subscribe('c1', (m) => got2.push(m))
      p.b.subscribe('c2', (m) => other.push(m))
      await p.settle()
      await p.a.publish('c1', { n: 1 })
      await until(() => got.length === 1 && got2.length === 1)
      expect(got).toEqual([{ n: 1 }])
      expect(got2).toEqual([{ n: 1 }])
      await new Promise((r) => setTimeout(r, 50))
      expect(other).toEqual([])
      await p.close()
    })

    it("keeps one publisher's messages in order", async () => {
      const p = await pair()
      const got: number[] = []
      p.b.subscribe('order', (m) => got.push((m as { i: number }).i))
      await p.settle()
      for (let i = 0; i < 200; i++) void p.a.publish('order', { i })
      await until(() => got.length === 200)
      expect(got).toEqual([...Array(200).keys()])
      await p.close()
    })

    it("hands subscribers a copy: the publisher changing its object afterwards changes nothing", async () => {
      const p = await pair()
      let got: { list: number[] } | null = null
      p.b.subscribe('copy', (m) => { got = m as { list: number[] } })
      await p.settle()
      const sent = { list: [1] }
      const done = p.a.publish('copy', sent)
      sent.list.push(99)
      await done
      await until(() => got !== null)
      expect(got!.list).toEqual([1])
      await p.close()
    })

    it('stops delivering once unsubscribed, and other subscribers of the channel still hear', async () => {
      const p = await pair()
      const first: unknown[] = [], kept: unknown[] = []
      const off = p.b.subscribe('u', (m) => first.push(m))
      p.b.subscribe('u', (m) => kept.push(m))
      await p.settle()
      off()
      off()
      await p.a.publish('u', 1)
      await until(() => kept.length === 1)
      await new Promise((r) => setTimeout(r, 50))
      expect(first).toEqual([])
      await p.close()
    })
  })
}

testPubSub('in-process', async () => {
  const one = memoryPubSub()
  return { a: one, b: one, settle: async () => {}, close: () => one.close() }
})

testPubSub('Redis', async () => {
  const prefix = `t:${randomBytes(4).toString('hex')}:`
  const a = redisPubSub(redis.url, { prefix })
  const b = redisPubSub(redis.url, { prefix })
  // A subscription is live once Redis has acknowledged it; probe it the way a node would see it.
  const settle = async () => {
    for (const [from, to] of [[a, b], [b, a]] as const) {
      let heard = false
      const off = to.subscribe('probe', () => { heard = true })
      const timer = setInterval(() => void from.publish('probe', 1), 20)
      await until(() => heard).finally(() => clearInterval(timer))
      off()
    }
  }
  return { a, b, settle, close: async () => { await a.close(); await b.close() } }
})

describe('Redis pub/sub between nodes', () => {
  it('tells its gap listeners when its connection to Redis was lost and came back', async () => {
    const prefix = `t:${randomBytes(4).toString('hex')}:`
    const a = redisPubSub(redis.url, { prefix })
    const b = redisPubSub(redis.url, { prefix })
    let gaps = 0
    a.onGap!(() => { gaps++ })
    const got: unknown[] = []
    a.subscribe('after', (m) => got.push(m))
    await a.ping()
    // kill a's subscriber connection from the server side, as a network cut would
    const { Redis } = await import('ioredis')
    const admin = new Redis(redis.url)
    const list = String(await admin.client('LIST'))
    const ids = list.split('\n').filter((l) => / cmd=(subscribe|unsubscribe|ssubscribe)/.test(l) || / sub=[1-9]/.test(l)).map((l) => /id=(\d+)/.exec(l)![1])
    expect(ids.length).toBeGreaterThan(0)
    for (const id of ids) await admin.client('KILL', 'ID', id)
    await until(() => gaps >= 1, 10_000)
    // and it is subscribed again: messages flow after the gap
    const timer = setInterval(() => void b.publish('after', 'x'), 50)
    await until(() => got.length > 0, 10_000).finally(() => clearInterval(timer))
    admin.disconnect()
    await a.close(); await b.close()
  })
})
