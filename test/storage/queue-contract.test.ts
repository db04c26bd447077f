// One contract for every job queue: the database queue (SQLite, or PostgreSQL with
// PHARE_TEST_DATABASE_URL) and BullMQ on Redis (a throw-away redis-server unless
// PHARE_TEST_REDIS_URL is given), whose outbox is the same database.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/server.ts'
import { testRedis, type TestRedis } from '../support/redis.ts'
import { databaseQueue, type Queue } from '../../packages/server/src/storage/adapters/queue.ts'
import { bullmqQueue } from '../../packages/server/src/storage/adapters/bullmq-queue.ts'

let server: TestServer
let redis: TestRedis
beforeAll(async () => {
  ;[server, redis] = await Promise.all([startServer(), testRedis()])
  await server.ctx.queue.stop()
})
afterAll(async () => { await server.close(); await redis.close() })

type Node = Queue & { close?(): Promise<void> }
const LOCK_MS = 1500

async function until(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}
const uniq = (name: string) => `${name}.${randomBytes(3).toString('hex')}`

/** `nodes()` gives queues standing for separate nodes on the same storage; `shared` when several may run at once. */
function testQueue(name: string, nodes: () => () => Node, shared: boolean) {
  describe(`${name} job queue`, () => {
    it('runs each enqueued job once', async () => {
      const q = nodes()()
      const type = uniq('t.once')
      const seen: number[] = []
      q.register(type, async (p) => { seen.push(p.n) })
      q.start()
      for (let n = 0; n < 5; n++) await q.enqueue(type, { n })
      await until(() => seen.length >= 5)
      await q.drain()
      await q.stop(); await q.close?.()
      expect(seen.sort()).toEqual([0, 1, 2, 3, 4])
    })

    it('retries a failing job until it succeeds', async () => {
      const q = nodes()()
      const type = uniq('t.flaky')
      let tries = 0
      q.register(type, async () => { tries++; if (tries < 2) throw new Error('transient') })
      q.start()
      await q.enqueue(type, {})
      // the first retry comes after about a second of backoff (the database queue's is jittered)
      const bring = setInterval(() => void server.ctx.db.updateTable('jobs').set({ run_at: 0 }).where('type', '=', type).execute(), 200)
      await until(() => tries >= 2).finally(() => clearInterval(bring))
      await q.stop(); await q.close?.()
      expect(tries).toBe(2)
    })

    it('a job enqueued in a transaction that rolls back never runs; one that commits does', async () => {
      const q = nodes()()
      const type = uniq('t.tx')
      const ran: string[] = []
      q.register(type, async (p) => { ran.push(p.which) })
      q.start()
      await server.ctx.db.transaction().execute(async (trx) => {
        await q.enqueue(type, { which: 'rolled back' }, { trx })
        throw new Error('rollback')
      }).catch(() => {})
      await server.ctx.db.transaction().execute(async (trx) => { await q.enqueue(type, { which: 'committed' }, { trx }) })
      await until(() => ran.length >= 1)
      await q.drain()
      await q.stop(); await q.close?.()
      expect(ran).toEqual(['committed'])
    })

    it('a delayed job waits for its time', async () => {
      const q = nodes()()
      const type = uniq('t.later')
      let at = 0
      q.register(type, async () => { at = Date.now() })
      q.start()
      const from = Date.now()
      await q.enqueue(type, {}, { delayMs: 600 })
      await until(() => at > 0)
      await q.stop(); await q.close?.()
      expect(at - from).toBeGreaterThanOrEqual(550)
    })

    it('a job whose node stops without finishing it is run by another node', async () => {
      const make = nodes()
      const first = make()
      const type = uniq('t.orphan')
      let started = false
      const done: string[] = []
      first.register(type, () => { started = true; return new Promise(() => {}) })
      first.start()
      await first.enqueue(type, {})
      await until(() => started)
      // the node gives up on it, as a crash would
      await first.stop(50)
      await first.close?.()
      const second = make()
      second.register(type, async () => { done.push('second') })
      second.start()
      await until(() => done.length === 1, 30_000)
      await second.stop(); await second.close?.()
      expect(done).toEqual(['second'])
    })

    if (shared) {
      it('nodes working at once never run the same job twice', async () => {
        const make = nodes()
        const type = uniq('t.many')
        const runs = new Map<number, number>()
        const queues = [make(), make(), make()]
        for (const q of queues) {
          q.register(type, async (p) => { runs.set(p.n, (runs.get(p.n) ?? 0) + 1); await new Promise((r) => setTimeout(r, 2)) })
          q.start()
        }
        await queues[0]!.enqueueAll([...Array(60).keys()].map((n) => ({ type, payload: { n } })))
        await until(() => runs.size === 60)
        await queues[1]!.drain()
        for (const q of queues) { await q.stop(); await q.close?.() }
        expect([...runs.values()].every((n) => n === 1)).toBe(true)
      })
    }
  })
}

testQueue('database', () => () => databaseQueue(server.ctx.db, server.ctx.dialect, { concurrency: 4, pollMs: 20, maxAttempts: 3, lockMs: LOCK_MS }), !!process.env.PHARE_TEST_DATABASE_URL)

testQueue('BullMQ', () => {
  // one Redis key space per test, shared by its nodes
  const prefix = `t${randomBytes(4).toString('hex')}`
  return () => bullmqQueue(server.ctx.db, server.ctx.dialect, redis.url, { concurrency: 4, pollMs: 20, maxAttempts: 3, lockMs: LOCK_MS, prefix })
}, true)
