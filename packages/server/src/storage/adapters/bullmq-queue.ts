// Jobs on BullMQ (Redis), for many nodes: each lane is a BullMQ queue whose workers run
// on every node that runs jobs; a node that dies mid-job stops renewing its lock, and
// BullMQ's stalled-job check (run by the workers still alive) hands the job to another.
//
// Why the database stays in front (an outbox): a job must exist if and only if the write
// that caused it committed. Redis cannot join a database transaction: adding to BullMQ
// before the commit runs jobs of writes that roll back, and adding after it loses the job
// when the node dies between the two. So enqueue still inserts the row in the write's
// transaction (databaseQueue, unchanged), and a relay (the database queue itself, whose
// only handler is "hand it to BullMQ") moves committed, due rows to BullMQ and deletes
// them. The BullMQ job is named after the row (jobId), so a relay that dies after the add
// and before the delete re-adds the same id, which BullMQ ignores while it keeps the job
// (completed ones are kept an hour for that). What BullMQ then adds: retries with backoff
// across nodes, stalled-job recovery, per-lane workers, and a failed set operators can
// inspect. Delays (poll ends days ahead) wait in the database, where they are durable.
// Runs are at-least-once: handlers are idempotent (jobs/index.ts).
import { DelayedError, Queue as BullQueue, Worker, type Job } from 'bullmq'
import { Redis } from 'ioredis'
import type { Compilable, Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import type { Dialect } from '../db.ts'
import { databaseQueue, type EnqueueOptions, type JobHandler, type Options, type Queue } from './queue.ts'
import { createLanes, cutoff, DEFAULT_LANE, recordOutcome } from './lanes.ts'

export interface BullOptions extends Options {
  /** Key prefix in Redis, so several Phares (or tests) can share one. */
  prefix?: string
  /** This node's name, recorded on the jobs it takes (BullMQ's processedBy): which node ran what. */
  name?: string
}

/** A queue whose jobs run on BullMQ; the database table is its outbox. */
export function bullmqQueue(db: Kysely<Database>, dialect: Dialect, redisUrl: string, opts: BullOptions): Queue & { close(): Promise<void> } {
  const prefix = opts.prefix ?? 'phare'
  const maxAttempts = opts.maxAttempts ?? 10
  const lockMs = opts.lockMs ?? 30_000
  const handlers = new Map<string, JobHandler>()
  const lanes = createLanes(() => (opts.busy?.() ? Math.min(opts.concurrency, opts.concurrencyWhileBusy ?? 2) : opts.concurrency), opts.onLane)
  const laneConcurrency = new Map<string, number>([[DEFAULT_LANE, opts.concurrency]])
  // BullMQ wants commands to wait through a reconnect rather than fail (its workers block on Redis).
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null })
  // A lost Redis errs on every connection many times a second: said once a minute is enough.
  let lastRedisError = 0
  const redisError = (err: Error) => {
    if (Date.now() - lastRedisError < 60_000) return
    lastRedisError = Date.now()
    opts.onError?.('(redis)', err, 0)
  }
  connection.on('error', redisError)
  const queues = new Map<string, BullQueue>()
  const workers = new Map<string, Worker>()
  const abandons = new Set<() => void>()
  let started = false
  let busyTimer: NodeJS.Timeout | null = null

  const queueOf = (lane: string) => {
    let q = queues.get(lane)
    if (!q) {
      queues.set(lane, q = new BullQueue(`jobs-${lane}`, { connection, prefix }))
      q.on('error', redisError)
    }
    return q
  }

  // The relay: every job type's handler in the outbox is "add it to its lane's BullMQ queue".
  const outbox = databaseQueue(db, dialect, { ...opts, concurrency: 32, busy: undefined, maxAttempts: 1_000, onLane: undefined })
  const relay = (type: string): JobHandler => async (payload, { id }) => {
    await queueOf(lanes.of(type).name).add(type, payload, {
      jobId: id === undefined ? undefined : `j${id}`,
      attempts: maxAttempts,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 3600, count: 100_000 },
      // kept, with their error, for an operator to look at: never silently dropped
      removeOnFail: false,
    })
  }

  async function run(job: Job, token: string | undefined) {
    const lane = lanes.of(job.name)
    const handler = handlers.get(job.name)
    if (!handler) throw new Error(`no handler for job type ${job.name}`)
    const breaker = lane.breaker
    const ticket = breaker ? breaker.start() : null
    if (breaker && !ticket) {
      // its lane's breaker is open: the job waits out the cooldown without spending an attempt
      await job.moveToDelayed(breaker.snapshot().reopensAt ?? Date.now() + 1000, token)
      throw new DelayedError()
    }
    lane.running++
    const limit = cutoff(lane.timeoutMs)
    let abandoned = false
    const abandon = () => { abandoned = true; limit.letGo() }
    abandons.add(abandon)
    try {
      await Promise.race([handler(job.data, { signal: limit.signal }), limit.ended])
      recordOutcome(lane, breaker, ticket, true)
    } catch (err) {
      if (!abandoned) {
        recordOutcome(lane, breaker, ticket, false)
        opts.onError?.(job.name, err, job.attemptsMade + 1)
      }
      throw err
    } finally {
      limit.clear()
      abandons.delete(abandon)
      lane.running--
    }
  }

  function startWorker(lane: string) {
    if (workers.has(lane)) return
    const w = new Worker(`jobs-${lane}`, run, {
      connection, prefix, concurrency: laneConcurrency.get(lane) ?? opts.concurrency, name: opts.name,
      lockDuration: lockMs, stalledInterval: Math.max(500, Math.round(lockMs / 2)),
      // a job whose node died is handed on, again and again, rather than failed
      maxStalledCount: maxAttempts,
    })
    w.on('error', redisError)
    workers.set(lane, w)
  }

  const counts = async (...types: ('waiting' | 'active' | 'delayed' | 'prioritized' | 'failed')[]) => {
    let n = 0
    for (const q of queues.values()) {
      const c = await q.getJobCounts(...types)
      for (const t of types) n += c[t] ?? 0
    }
    return n
  }

  return {
    enqueue: (type, payload, o?: EnqueueOptions) => outbox.enqueue(type, payload, o),
    enqueueAll: (jobs, o) => outbox.enqueueAll(jobs, o),
    insertOf: (jobs, o): Compilable => outbox.insertOf(jobs, o),
    poke: () => outbox.poke(),
    lane(name, o) {
      lanes.define(name, o)
      laneConcurrency.set(name, o.concurrency)
      const w = workers.get(name)
      if (w) w.concurrency = o.concurrency
    },
    register(type, handler, o) {
      lanes.assign(type, o?.lane)
      handlers.set(type, handler)
      outbox.register(type, relay(type))
      queueOf(lanes.of(type).name)
    },
    start() {
      if (started) return
      started = true
      for (const lane of laneConcurrency.keys()) startWorker(lane)
      outbox.start()
      // The busy rule of the database queue: while this node serves requests, its default
      // lane runs fewer jobs at once (other nodes, and this one once idle, take the rest).
      if (opts.busy) {
        busyTimer = setInterval(() => {
          const w = workers.get(DEFAULT_LANE)
          // the default lane's slots (no job type is named ''), which follow the busy rule
          const n = lanes.of('').limit()
          if (w && w.concurrency !== n) w.concurrency = n
        }, 250)
        busyTimer.unref()
      }
    },
    async stop(timeoutMs = 10_000) {
      if (busyTimer) clearInterval(busyTimer)
      busyTimer = null
      await outbox.stop(timeoutMs)
      const all = [...workers.values()]
      workers.clear()
      started = false
      // Running jobs get until the bound; past it they are let go unfinished and their
      // lock expires, so another node runs them, as after a crash. Without Redis a close
      // would wait for it forever: then nothing is waited for.
      const reachable = connection.status === 'ready'
      const done = reachable ? await within(Promise.all(all.map((w) => w.close())), timeoutMs) : false
      if (!done) {
        ;[...abandons].forEach((a) => a())
        await within(Promise.all(all.map((w) => w.close(true).catch(() => {}))), reachable ? 2000 : 0)
      }
    },
    async drain(timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs
      while (Date.now() < until) {
        await outbox.drain(Math.max(1, until - Date.now()))
        // jobs add jobs: done only when nothing runs, nothing waits in BullMQ and nothing new is due in the outbox
        if (lanes.running() === 0 && await counts('waiting', 'active', 'prioritized') === 0 && !(await dueInOutbox())) return
        await new Promise((r) => setTimeout(r, 25))
      }
      throw new Error('queue did not drain in time')
    },
    laneStates: () => lanes.states(),
    async size() {
      return await outbox.size() + await counts('waiting', 'active', 'delayed', 'prioritized')
    },
    async close() {
      await within(Promise.all([...queues.values()].map((q) => q.close().catch(() => {}))), connection.status === 'ready' ? 2000 : 0)
      connection.disconnect()
    },
  }

  /** Whether `p` settled within `ms` (it is left running otherwise). */
  async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<false>((r) => { timer = setTimeout(() => r(false), ms) })
    try { return await Promise.race([p.then(() => true), late]) } finally { clearTimeout(timer) }
  }

  async function dueInOutbox(): Promise<boolean> {
    return (await db.selectFrom('jobs').select('id').where('run_at', '<=', Date.now()).limit(1).executeTakeFirst()) !== undefined
  }
}
