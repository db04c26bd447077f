import { sql, type Compilable, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../schema.ts'
import type { Dialect } from '../db.ts'
import { nextId } from '../../ids.ts'

export type JobHandler = (payload: any) => Promise<void>

export interface EnqueueOptions {
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number
  /** Enqueue inside this transaction, so the job exists if and only if the write that caused it committed. */
  trx?: Transaction<Database>
}

/** The durable background-job queue: side effects are jobs, retried until they succeed, never run inline. */
export interface Queue {
  enqueue(type: string, payload: unknown, opts?: EnqueueOptions): Promise<void>
  /** Several jobs in one write (one statement, one round trip). */
  enqueueAll(jobs: { type: string; payload: unknown }[], opts?: EnqueueOptions): Promise<void>
  /**
   * The insert of these jobs as a statement to run with other writes (storage/write-together.ts);
   * call `poke()` once it committed.
   */
  insertOf(jobs: { type: string; payload: unknown }[], opts?: { delayMs?: number }): Compilable
  /** Wakes the worker: jobs were inserted by a write it did not see. */
  poke(): void
  register(type: string, handler: JobHandler): void
  start(): void
  /** Stops taking jobs and waits (bounded) for running ones. */
  stop(timeoutMs?: number): Promise<void>
  /** Resolves when no job is due or running: for tests and benchmarks. */
  drain(timeoutMs?: number): Promise<void>
  /** Number of jobs waiting, due or not. */
  size(): Promise<number>
}

interface Options {
  concurrency: number
  /**
   * True while requests are being served. Jobs then run at most `concurrencyWhileBusy` at
   * a time: on one thread, every job step delays the requests waiting behind it, and a
   * request is someone waiting while a job is not. Jobs never stop: the backlog of a
   * burst drains at the lower pace during it and at full pace after.
   */
  busy?: () => boolean
  concurrencyWhileBusy?: number
  pollMs?: number
  maxAttempts?: number
  lockMs?: number
  onError?: (type: string, err: unknown, attempts: number) => void
}

/** The default queue: a table in the database. Works on SQLite and PostgreSQL; with PostgreSQL, several nodes share it safely. */
export function databaseQueue(db: Kysely<Database>, dialect: Dialect, opts: Options): Queue {
  const handlers = new Map<string, JobHandler>()
  const pollMs = opts.pollMs ?? 200
  const maxAttempts = opts.maxAttempts ?? 10
  const lockMs = opts.lockMs ?? 60_000
  const limit = () => (opts.busy?.() ? Math.min(opts.concurrency, opts.concurrencyWhileBusy ?? 2) : opts.concurrency)
  let running = 0
  let stopped = true
  let timer: NodeJS.Timeout | null = null
  let pumping = false
  let again = false
  const idleWaiters: (() => void)[] = []
  // Finished jobs are deleted in batches: one commit (one fsync on SQLite) for many jobs
  // instead of one each. A crash before the delete only means the job runs again, which
  // handlers tolerate (they are idempotent).
  let finished: number[] = []
  let flushing: Promise<void> | null = null
  function flushFinished(): Promise<void> {
    if (flushing) return flushing
    if (finished.length === 0) return Promise.resolve()
    flushing = (async () => {
      while (finished.length) {
        const ids = finished.splice(0, 500)
        await db.deleteFrom('jobs').where('id', 'in', ids).execute().catch((err) => opts.onError?.('(delete)', err, 0))
        ids.forEach((id) => held.delete(id))
      }
    })().finally(() => { flushing = null })
    return flushing
  }

  // Jobs this process has taken and not yet deleted or released.
  const held = new Set<number>()

  async function claim(limit: number): Promise<{ id: number; type: string; payload: string; attempts: number }[]> {
    const now = Date.now()
    if (dialect === 'sqlite') {
      // An SQLite file belongs to one process, so "taken" is kept in memory rather than
      // written as a lock: that saves one synced commit per batch of jobs. After a crash
      // nothing is held, and unfinished jobs simply run again.
      let due = db.selectFrom('jobs').select(['id', 'type', 'payload', 'attempts'])
        .where('run_at', '<=', now).orderBy('run_at').orderBy('id').limit(limit)
      if (held.size) due = due.where('id', 'not in', [...held])
      const rows = await due.execute()
      rows.forEach((r) => held.add(r.id))
      return rows.map((r) => ({ ...r, attempts: r.attempts + 1 }))
    }
    // PostgreSQL: several nodes share the table; a written lock with SKIP LOCKED lets
    // each claim different jobs, and an expired lock frees the jobs of a node that died.
    const due = db.selectFrom('jobs').select('id')
      .where('run_at', '<=', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .orderBy('run_at').orderBy('id').limit(limit)
      .forUpdate().skipLocked()
    const rows = await db.updateTable('jobs')
      .set({ locked_until: now + lockMs, attempts: sql`attempts + 1` })
      .where('id', 'in', due)
      .returning(['id', 'type', 'payload', 'attempts'])
      .execute()
    rows.forEach((r) => held.add(r.id))
    return rows
  }

  async function runOne(job: { id: number; type: string; payload: string; attempts: number }) {
    const handler = handlers.get(job.type)
    try {
      if (!handler) throw new Error(`no handler for job type ${job.type}`)
      await handler(JSON.parse(job.payload))
      finished.push(job.id)
      setImmediate(() => void flushFinished())
    } catch (err) {
      opts.onError?.(job.type, err, job.attempts)
      const dead = job.attempts >= maxAttempts
      // Exponential backoff with jitter; a job that keeps failing is parked far in the
      // future with its error kept, for an operator to look at, never silently dropped.
      const backoff = dead ? 365 * 86_400_000 : Math.min(2 ** job.attempts * 1000, 3_600_000) * (0.5 + Math.random())
      await db.updateTable('jobs')
        .set({ run_at: Date.now() + Math.round(backoff), attempts: job.attempts, locked_until: null, last_error: String((err as Error)?.stack ?? err).slice(0, 4000) })
        .where('id', '=', job.id).execute().catch(() => {})
      held.delete(job.id)
    }
  }

  // Many enqueues and job ends in one turn of the event loop wake the worker once:
  // each wake-up costs a claim query.
  let wakeScheduled = false
  function wake() {
    if (wakeScheduled) return
    wakeScheduled = true
    setImmediate(() => { wakeScheduled = false; void pump() })
  }

  async function pump() {
    if (pumping) { again = true; return }
    pumping = true
    try {
      do {
        again = false
        while (!stopped && running < limit()) {
          const jobs = await claim(limit() - running)
          if (jobs.length === 0) break
          for (const job of jobs) {
            running++
            void runOne(job).finally(() => { running--; wake() })
          }
        }
      } while (again && !stopped)
    } catch (err) {
      opts.onError?.('(claim)', err, 0)
    } finally {
      pumping = false
      if (running === 0) {
        const next = await db.selectFrom('jobs').select('id').where('run_at', '<=', Date.now()).limit(1).executeTakeFirst().catch(() => undefined)
        if (!next) idleWaiters.splice(0).forEach((w) => w())
      }
    }
  }

  /** Inserts the jobs (in the caller's transaction when given) and wakes the worker. */
  function insertOf(jobs: { type: string; payload: unknown }[], o: { delayMs?: number } = {}, on: Kysely<Database> = db) {
    const now = Date.now()
    return on.insertInto('jobs').values(jobs.map(({ type, payload }) => ({
      id: nextId(), type, payload: JSON.stringify(payload ?? null), run_at: now + (o.delayMs ?? 0),
      attempts: 0, locked_until: null, last_error: null, created_at: now,
    })))
  }

  async function enqueueAll(jobs: { type: string; payload: unknown }[], o: EnqueueOptions = {}): Promise<void> {
    if (jobs.length === 0) return
    await insertOf(jobs, o, o.trx ?? db).execute()
    // Wake the worker now rather than at the next poll; inside a transaction, wait for the commit.
    if (!stopped) {
      // inside a transaction the job is visible only after the commit, a turn or more later
      if (o.trx) setTimeout(wake, 0)
      else wake()
    }
  }

  return {
    enqueue: (type, payload, o = {}) => enqueueAll([{ type, payload }], o),
    enqueueAll,
    insertOf: (jobs, o) => insertOf(jobs, o),
    poke() { if (!stopped) wake() },
    register(type, handler) { handlers.set(type, handler) },
    start() {
      if (!stopped) return
      stopped = false
      timer = setInterval(() => void pump(), pollMs)
      timer.unref()
      void pump()
    },
    async stop(timeoutMs = 10_000) {
      stopped = true
      if (timer) clearInterval(timer)
      const until = Date.now() + timeoutMs
      while (running > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20))
      await flushFinished()
    },
    async drain(timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs
      while (Date.now() < until) {
        await flushFinished()
        const due = await db.selectFrom('jobs').select('id').where('run_at', '<=', Date.now()).limit(1).executeTakeFirst()
        if (!due && running === 0) return
        void pump()
        await new Promise<void>((r) => { idleWaiters.push(r); setTimeout(r, 25) })
      }
      throw new Error('queue did not drain in time')
    },
    async size() {
      const r = await db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      return Number(r.n)
    },
  }
}
