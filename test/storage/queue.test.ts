// Contract suite for the durable job queue, run on SQLite and (with PHARE_TEST_DATABASE_URL) PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/server.ts'
import { databaseQueue } from '../../packages/server/src/storage/adapters/queue.ts'

let server: TestServer
// The server's own queue is stopped: these tests run their own queues on its database.
beforeAll(async () => { server = await startServer(); await server.ctx.queue.stop() })
afterAll(async () => { await server.close() })

const newQueue = () => databaseQueue(server.ctx.db, server.ctx.dialect, { concurrency: 4, pollMs: 20, maxAttempts: 3 })

describe('database job queue', () => {
  it('runs an enqueued job once and removes it', async () => {
    const q = newQueue()
    const seen: number[] = []
    q.register('t.once', async (p) => { seen.push(p.n) })
    q.start()
    await q.enqueue('t.once', { n: 1 })
    await q.enqueue('t.once', { n: 2 })
    await q.drain()
    await q.stop()
    expect(seen.sort()).toEqual([1, 2])
    const left = await server.ctx.db.selectFrom('jobs').select('id').where('type', '=', 't.once').execute()
    expect(left).toHaveLength(0)
  })

  it('retries a failing job until it succeeds', async () => {
    const q = newQueue()
    let tries = 0
    q.register('t.flaky', async () => { tries++; if (tries < 2) throw new Error('transient') })
    q.start()
    await q.enqueue('t.flaky', {})
    // the retry is scheduled with backoff (about a second); bring it forward to keep the test quick
    await new Promise((r) => setTimeout(r, 100))
    await server.ctx.db.updateTable('jobs').set({ run_at: 0 }).where('type', '=', 't.flaky').execute()
    await q.drain()
    await q.stop()
    expect(tries).toBe(2)
  })

  it('keeps a job that never succeeds, with its error, instead of dropping it', async () => {
    const q = newQueue()
    q.register('t.broken', async () => { throw new Error('always broken') })
    q.start()
    await q.enqueue('t.broken', {})
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 60))
      await server.ctx.db.updateTable('jobs').set({ run_at: 0 }).where('type', '=', 't.broken').where('attempts', '<', 3).execute()
    }
    await new Promise((r) => setTimeout(r, 100))
    await q.stop()
    const row = await server.ctx.db.selectFrom('jobs').selectAll().where('type', '=', 't.broken').executeTakeFirstOrThrow()
    expect(row.attempts).toBe(3)
    expect(row.last_error).toContain('always broken')
    expect(row.run_at).toBeGreaterThan(Date.now() + 86_400_000)
  })

  it('a job enqueued in a transaction that rolls back never runs', async () => {
    const q = newQueue()
    let ran = false
    q.register('t.tx', async () => { ran = true })
    q.start()
    await server.ctx.db.transaction().execute(async (trx) => {
      await q.enqueue('t.tx', {}, { trx })
      throw new Error('rollback')
    }).catch(() => {})
    await q.drain()
    await q.stop()
    expect(ran).toBe(false)
  })

  it('a job left locked by a process that died is taken again once its lock expires', async () => {
    await server.ctx.db.insertInto('jobs').values({
      id: 1, type: 't.orphan', payload: '{}', run_at: 0, attempts: 1, locked_until: Date.now() - 1, last_error: null, created_at: 0,
    }).execute()
    const q = newQueue()
    let ran = 0
    q.register('t.orphan', async () => { ran++ })
    q.start()
    await q.drain()
    await q.stop()
    expect(ran).toBe(1)
  })
})
