// Bulkheads of the durable job queue: lanes with their own slots, time limit and circuit
// breaker. Run on SQLite and (with PHARE_TEST_DATABASE_URL) PostgreSQL.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/server.ts'
import { databaseQueue, type Queue } from '../../packages/server/src/storage/adapters/queue.ts'

let server: TestServer
// The server's own queue is stopped: these tests run their own queues on its database.
beforeAll(async () => { server = await startServer(); await server.ctx.queue.stop() })
afterAll(async () => { await server.close() })

const queues: Queue[] = []
afterEach(async () => {
  for (const q of queues.splice(0)) await q.stop(50)
  await server.ctx.db.deleteFrom('jobs').execute()
})

function newQueue(onLane?: (lane: string, state: string) => void) {
  const q = databaseQueue(server.ctx.db, server.ctx.dialect, { concurrency: 4, pollMs: 20, maxAttempts: 5, onLane })
  queues.push(q)
  return q
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await sleep(10)
  }
}
const jobsOf = (type: string) =>
  server.ctx.db.selectFrom('jobs').select(['id', 'attempts', 'run_at', 'last_error', 'locked_until']).where('type', '=', type).orderBy('id').execute()
const lane = (q: Queue, name: string) => q.laneStates().find((l) => l.name === name)!

describe('job queue lanes', () => {
  it('a lane whose handler hangs forever takes only its own slots: default-lane jobs all run promptly', async () => {
    const q = newQueue()
    q.lane('stuck', { concurrency: 1, timeoutMs: 60_000 })
    const signals: AbortSignal[] = []
    q.register('t.hang', (_p, { signal }) => { signals.push(signal); return new Promise<void>(() => {}) }, { lane: 'stuck' })
    const ran: number[] = []
    q.register('t.quick', async (p) => { ran.push(p.n) })
    await q.enqueueAll(Array.from({ length: 20 }, (_, n) => ({ type: 't.hang', payload: { n } })))
    q.start()
    await until(() => signals.length === 1)
    const t0 = Date.now()
    await q.enqueueAll(Array.from({ length: 50 }, (_, n) => ({ type: 't.quick', payload: { n } })))
    await until(() => ran.length === 50)
    expect(Date.now() - t0).toBeLessThan(2000)
    expect(signals).toHaveLength(1)
    expect(lane(q, 'stuck')).toMatchObject({ running: 1, state: 'closed' })
    expect(lane(q, 'default')).toMatchObject({ running: 0 })
    expect(await jobsOf('t.hang')).toHaveLength(20)

    // stop() waits for the hung job only up to its bound, then lets it go with its signal aborted.
    const s0 = Date.now()
    await q.stop(150)
    expect(Date.now() - s0).toBeLessThan(1000)
    expect(signals[0]!.aborted).toBe(true)
    expect(lane(q, 'stuck').running).toBe(0)
    expect((await jobsOf('t.hang')).every((j) => j.last_error === null)).toBe(true)
  })

  it('a job past its lane time limit fails with the timeout kept, frees its slot at once, and a late end changes nothing', async () => {
    const q = newQueue()
    q.lane('timed', { concurrency: 1, timeoutMs: 200 })
    const calls: { n: number; at: number; signal: AbortSignal }[] = []
    let lateEnd = (): void => {}
    const doneAt = new Map<number, number>()
    q.register('t.timed', (p, { signal }) => {
      calls.push({ n: p.n, at: Date.now(), signal })
      // the first run of job 0 never answers by itself; everything else is quick
      if (p.n === 0 && calls.filter((c) => c.n === 0).length === 1) return new Promise<void>((resolve) => { lateEnd = resolve })
      doneAt.set(p.n, Date.now())
      return Promise.resolve()
    }, { lane: 'timed' })
    q.start()
    await q.enqueue('t.timed', { n: 0 })
    await until(() => calls.length === 1)
    await q.enqueue('t.timed', { n: 1 })
    await until(() => doneAt.has(1))
    const waited = doneAt.get(1)! - calls[0]!.at
    expect(waited).toBeGreaterThanOrEqual(190)
    expect(waited).toBeLessThan(1500)
    expect(calls[0]!.signal.aborted).toBe(true)
    expect(String(calls[0]!.signal.reason)).toContain('timed out after 200 ms')

    // the failure is written a moment after the slot is freed
    await until(async () => { const rows = await jobsOf('t.timed'); return rows.length === 1 && rows[0]!.last_error !== null })
    const [row] = await jobsOf('t.timed')
    expect(row!.attempts).toBe(1)
    expect(row!.last_error).toContain('timed out after 200 ms')
    expect(row!.run_at).toBeGreaterThan(Date.now())
    expect(lane(q, 'timed')).toMatchObject({ running: 0, consecutiveFailures: 0 })

    // The hung run ends after all: the job was already counted as failed, so it is neither deleted nor counted again.
    lateEnd()
    await sleep(100)
    const [after] = await jobsOf('t.timed')
    expect(after).toMatchObject({ id: row!.id, attempts: 1, run_at: row!.run_at })
    expect(after!.last_error).toContain('timed out')

    // Retried later with the usual backoff (brought forward here), it succeeds.
    await server.ctx.db.updateTable('jobs').set({ run_at: 0 }).where('type', '=', 't.timed').execute()
    await q.drain()
    expect(calls.map((c) => c.n)).toEqual([0, 1, 0])
    expect(await jobsOf('t.timed')).toHaveLength(0)
  })

  it('a breaker opens after N failures, leaves the lane\'s jobs untouched, then tries one job and closes on its success', async () => {
    const changes: string[] = []
    const q = newQueue((name, state) => { if (name === 'flaky') changes.push(state) })
    q.lane('flaky', { concurrency: 3, timeoutMs: 5000, breaker: { failures: 3, cooldownMs: 1000, maxCooldownMs: 10_000 } })
    let mode: 'broken' | 'gated' | 'ok' = 'broken'
    let calls = 0
    let inFlight = 0
    let maxInFlight = 0
    let arrived: (() => void)[] = []
    let openGate = (): void => {}
    const gate = new Promise<void>((r) => { openGate = r })
    q.register('t.flaky', async () => {
      calls++
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      try {
        if (mode === 'broken') {
          // The first three fail together, so the breaker opens before any slot is freed.
          await new Promise<void>((r) => { arrived.push(r); if (arrived.length === 3) arrived.splice(0).forEach((f) => f()) })
          throw new Error('dependency down')
        }
        if (mode === 'gated') await gate
      } finally {
        inFlight--
      }
    }, { lane: 'flaky' })
    let others = 0
    q.register('t.other', async () => { others++ })

    await q.enqueueAll(Array.from({ length: 10 }, (_, n) => ({ type: 't.flaky', payload: { n } })))
    const enqueuedAt = new Map((await jobsOf('t.flaky')).map((j) => [j.id, j.run_at]))
    q.start()
    await until(() => lane(q, 'flaky').state === 'open')
    await until(async () => (await jobsOf('t.flaky')).filter((j) => j.last_error !== null).length === 3)
    await sleep(100)
    expect(calls).toBe(3)
    const parked = await jobsOf('t.flaky')
    expect(parked).toHaveLength(10)
    expect(parked.filter((j) => j.attempts === 1).map((j) => j.last_error)).toEqual([expect.stringContaining('dependency down'), expect.stringContaining('dependency down'), expect.stringContaining('dependency down')])
    const untouched = parked.filter((j) => j.attempts === 0)
    expect(untouched).toHaveLength(7)
    expect(untouched.every((j) => j.run_at === enqueuedAt.get(j.id) && j.last_error === null && j.locked_until === null)).toBe(true)
    expect(parked.every((j) => j.run_at < Date.now() + 86_400_000)).toBe(true)
    const open = lane(q, 'flaky')
    expect(open).toMatchObject({ state: 'open', consecutiveFailures: 3, running: 0 })
    expect(open.reopensAt! - Date.now()).toBeLessThanOrEqual(1000)

    // Other lanes go on, and drain does not wait for the open lane's jobs.
    await q.enqueue('t.other', {})
    await q.drain(2000)
    expect(others).toBe(1)
    expect(calls).toBe(3)

    // After the cooldown one trial runs, alone although the lane has three slots.
    mode = 'gated'
    await until(() => calls === 4)
    await sleep(150)
    expect(calls).toBe(4)
    expect(lane(q, 'flaky')).toMatchObject({ state: 'half-open', running: 1 })
    openGate()
    await until(() => lane(q, 'flaky').state === 'closed')
    expect(lane(q, 'flaky').consecutiveFailures).toBe(0)

    // Closed again: the six untouched jobs run at once, three at a time; the three that failed wait for their backoff.
    await until(async () => calls >= 10 && (await jobsOf('t.flaky')).every((j) => j.attempts > 0))
    expect(maxInFlight).toBeLessThanOrEqual(3)
    await server.ctx.db.updateTable('jobs').set({ run_at: 0 }).where('type', '=', 't.flaky').execute()
    await q.drain()
    expect(calls).toBe(13)
    expect(await jobsOf('t.flaky')).toHaveLength(0)
    expect(changes).toEqual(['open', 'half-open', 'closed'])
  })

  it('a failed trial reopens the breaker with the cooldown doubled', async () => {
    const q = newQueue()
    q.lane('down', { concurrency: 2, timeoutMs: 5000, breaker: { failures: 1, cooldownMs: 400 } })
    let calls = 0
    q.register('t.down', async () => { calls++; throw new Error('still down') }, { lane: 'down' })
    await q.enqueueAll(Array.from({ length: 4 }, (_, n) => ({ type: 't.down', payload: { n } })))
    q.start()
    await until(() => lane(q, 'down').state === 'open')
    const firstOpen = calls
    await until(() => calls === firstOpen + 1)
    await until(() => lane(q, 'down').state === 'open')
    const { reopensAt } = lane(q, 'down')
    expect(reopensAt! - Date.now()).toBeGreaterThan(500)
    expect(reopensAt! - Date.now()).toBeLessThanOrEqual(800)
    await until(async () => (await jobsOf('t.down')).reduce((n, j) => n + j.attempts, 0) === calls)
    expect((await jobsOf('t.down')).filter((j) => j.attempts === 0)).toHaveLength(4 - calls)
  })

  it('a lane job the queue was not told about (written by another node, a backoff ending) is still picked up by the poll', async () => {
    const q = newQueue()
    q.lane('quiet', { concurrency: 2, timeoutMs: 5000 })
    let ran = 0
    q.register('t.quiet', async () => { ran++ }, { lane: 'quiet' })
    q.start()
    await q.enqueue('t.quiet', {})
    await until(() => ran === 1)
    await sleep(50)
    // inserted behind the queue's back: no enqueue, no poke
    await server.ctx.db.executeQuery(q.insertOf([{ type: 't.quiet', payload: {} }, { type: 't.quiet', payload: {} }]).compile())
    await until(() => ran === 3, 2000)
  })

  it('a job type registered in a lane that was never defined is refused', () => {
    const q = newQueue()
    expect(() => q.register('t.nowhere', async () => {}, { lane: 'nowhere' })).toThrow(/lane nowhere is not defined/)
  })
})
