import { sql, type Compilable, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely'
import type { Database } from '../schema.ts'
import type { Dialect } from '../db.ts'
import { nextId } from '../../ids.ts'
import type { Breaker, BreakerState, Ticket } from './breaker.ts'
import { createLanes, cutoff, recordOutcome, type ClaimPart, type Lane, type LaneOptions, type LaneState } from './lanes.ts'

export type { LaneOptions, LaneState } from './lanes.ts'

/**
 * A job's work; `signal` aborts when the job's lane time limit passes or the queue stops without it.
 * `id` is the job's row in the database queue (the BullMQ relay names its copy after it).
 */
export type JobHandler = (payload: any, ctx: { signal: AbortSignal; id?: number }) => Promise<void>

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
  /**
   * Defines (or redefines) a lane: its own slots, time limit and optional circuit breaker,
   * so its job types cannot starve the others. Define a lane before registering types in it.
   * The busy rule (`concurrencyWhileBusy`) applies to the default lane only.
   */
  lane(name: string, opts: LaneOptions): void
  /** Sets the handler of a job type, in the given lane or else in the default lane. */
  register(type: string, handler: JobHandler, opts?: { lane?: string }): void
  start(): void
  /**
   * Stops taking jobs and waits (bounded) for running ones, hung ones included; past the
   * bound their signals abort and they are let go unrecorded (they run again, as after a crash).
   */
  stop(timeoutMs?: number): Promise<void>
  /**
   * Resolves when no job is due or running: for tests and benchmarks. Jobs of a lane whose
   * breaker is open count as not due (they wait for the cooldown, not for drain).
   */
  drain(timeoutMs?: number): Promise<void>
  /** Each lane (the default one first): running jobs and breaker state, for health and status pages. */
  laneStates(): LaneState[]
  /** Number of jobs waiting, due or not. */
  size(): Promise<number>
}

export interface Options {
  concurrency: number
  /**
   * True while requests are being served. Jobs then run at most `concurrencyWhileBusy` at
   * a time: on one thread, every job step delays the requests waiting behind it, and a
   * request is someone waiting while a job is not. Jobs never stop: the backlog of a
   * burst drains at the lower pace during it and at full pace after.
   */
  busy?: () => boolean
  concurrencyWhileBusy?: number
  /** True while no job may start (read-only mode: each would fail and spend one of its attempts). */
  paused?: () => boolean
  pollMs?: number
  maxAttempts?: number
  lockMs?: number
  onError?: (type: string, err: unknown, attempts: number) => void
  /** Hears a lane's breaker open, go half-open (first noticed when the cooldown has passed) and close. */
  onLane?: (lane: string, state: BreakerState) => void
}

type Claimed = { id: number; type: string; payload: string; attempts: number }

/** The default queue: a table in the database. Works on SQLite and PostgreSQL; with PostgreSQL, several nodes share it safely. */
export function databaseQueue(db: Kysely<Database>, dialect: Dialect, opts: Options): Queue {
  const handlers = new Map<string, JobHandler>()
  const pollMs = opts.pollMs ?? 200
  const maxAttempts = opts.maxAttempts ?? 10
  const lockMs = opts.lockMs ?? 60_000
  const lanes = createLanes(() => (opts.busy?.() ? Math.min(opts.concurrency, opts.concurrencyWhileBusy ?? 2) : opts.concurrency), opts.onLane)
  let stopped = true
  let timer: NodeJS.Timeout | null = null
  let pumping = false
  let again = false
  const idleWaiters: (() => void)[] = []
  // How to let go of each running job when stop() gives up waiting for it.
  const abandons = new Set<() => void>()
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

  /** Narrows a select on jobs to the due jobs of one lane. */
  function ofPart<O>(q: SelectQueryBuilder<Database, 'jobs', O>, p: ClaimPart, now: number) {
    q = q.where('run_at', '<=', now)
    if (p.types) q = q.where('type', 'in', p.types)
    else if (p.notTypes?.length) q = q.where('type', 'not in', p.notTypes)
    return q.orderBy('run_at').orderBy('id').limit(p.n)
  }

  // One query for all lanes with room: each lane's part has its own type filter and limit,
  // so a full lane or one with an open breaker is never claimed from.
  async function claim(parts: ClaimPart[]): Promise<Claimed[]> {
    const now = Date.now()
    if (dialect === 'sqlite') {
      // An SQLite file belongs to one process, so "taken" is kept in memory rather than
      // written as a lock: that saves one synced commit per batch of jobs. After a crash
      // nothing is held, and unfinished jobs simply run again.
      const taken = [...held]
      const notHeld = <O>(q: SelectQueryBuilder<Database, 'jobs', O>) => (taken.length ? q.where('id', 'not in', taken) : q)
      const rows = parts.length === 1
        ? await notHeld(ofPart(db.selectFrom('jobs').select(['id', 'type', 'payload', 'attempts']), parts[0]!, now)).execute()
        : await db.selectFrom('jobs').select(['id', 'type', 'payload', 'attempts'])
          .where((eb) => eb.or(parts.map((p) => eb('id', 'in', notHeld(ofPart(db.selectFrom('jobs').select('id'), p, now))))))
          .orderBy('run_at').orderBy('id').execute()
      rows.forEach((r) => held.add(r.id))
      return rows.map((r) => ({ ...r, attempts: r.attempts + 1 }))
    }
    // PostgreSQL: several nodes share the table; a written lock with SKIP LOCKED lets
    // each claim different jobs, and an expired lock frees the jobs of a node that died.
    const due = parts.map((p) => ofPart(db.selectFrom('jobs').select('id'), p, now)
      .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<', now)]))
      .forUpdate().skipLocked())
    const rows = await db.updateTable('jobs')
      .set({ locked_until: now + lockMs, attempts: sql`attempts + 1` })
      // several lanes: one array of ids each, so the update finds its rows by key ("id in (a) or
      // id in (b)" would read the whole table)
      .where(due.length === 1 ? sql<boolean>`id in ${due[0]!}` : sql<boolean>`id = any(${sql.join(due.map((q) => sql`array${q}`), sql` || `)})`)
      .returning(['id', 'type', 'payload', 'attempts'])
      .execute()
    rows.forEach((r) => held.add(r.id))
    return rows
  }

  /** Puts claimed jobs back as they were: no attempt counted, free for the next claim. */
  async function release(jobs: Claimed[]) {
    const ids = jobs.map((j) => j.id)
    if (dialect === 'postgres') {
      await db.updateTable('jobs').set({ locked_until: null, attempts: sql`attempts - 1` }).where('id', 'in', ids).execute()
    }
    ids.forEach((id) => held.delete(id))
  }

  async function runOne(job: Claimed, lane: Lane, breaker: Breaker | null, ticket: Ticket | null) {
    const handler = handlers.get(job.type)
    const limit = cutoff(lane.timeoutMs)
    let abandoned = false
    const abandon = () => { abandoned = true; limit.letGo() }
    abandons.add(abandon)
    const outcome = (ok: boolean) => recordOutcome(lane, breaker, ticket, ok)
    try {
      if (!handler) throw new Error(`no handler for job type ${job.type}`)
      await Promise.race([handler(JSON.parse(job.payload), { signal: limit.signal, id: job.id }), limit.ended])
      outcome(true)
      finished.push(job.id)
      setImmediate(() => void flushFinished())
    } catch (err) {
      if (abandoned) { held.delete(job.id); return }
      outcome(false)
      opts.onError?.(job.type, err, job.attempts)
      const dead = job.attempts >= maxAttempts
      // Exponential backoff with jitter; a job that keeps failing is parked far in the
      // future with its error kept, for an operator to look at, never silently dropped.
      const backoff = dead ? 365 * 86_400_000 : Math.min(2 ** job.attempts * 1000, 3_600_000) * (0.5 + Math.random())
      await db.updateTable('jobs')
        .set({ run_at: Date.now() + Math.round(backoff), attempts: job.attempts, locked_until: null, last_error: String((err as Error)?.stack ?? err).slice(0, 4000) })
        .where('id', '=', job.id).execute().catch(() => {})
      held.delete(job.id)
    } finally {
      limit.clear()
      abandons.delete(abandon)
    }
  }

  /** Starts claimed jobs in their lanes; a job its lane's breaker no longer lets through (it opened during the claim) goes back. */
  async function startAll(jobs: Claimed[], exhausted: Set<Lane>) {
    const back: Claimed[] = []
    for (const job of jobs) {
      const lane = lanes.of(job.type)
      const breaker = lane.breaker
      const ticket = breaker ? breaker.start() : null
      // not asked for again this round: its breaker will not change until a job ends or time passes
      if (breaker && !ticket) { back.push(job); exhausted.add(lane); continue }
      lane.running++
      void runOne(job, lane, breaker, ticket).finally(() => { lane.running--; wake() })
    }
    if (back.length) await release(back)
  }

  /** Whether a job is due that some lane could run (jobs of an open lane wait for its cooldown). */
  async function anyDue(): Promise<boolean> {
    const parked = lanes.parkedTypes()
    let q = db.selectFrom('jobs').select('id').where('run_at', '<=', Date.now())
    if (parked.length) q = q.where('type', 'not in', parked)
    return (await q.limit(1).executeTakeFirst()) !== undefined
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
        // lanes that got fewer jobs than they had room for: none is due, do not ask again this round
        const exhausted = new Set<Lane>()
        while (!stopped && !opts.paused?.()) {
          const parts = lanes.plan(exhausted)
          if (parts.length === 0) break
          const jobs = await claim(parts)
          const got = new Map<Lane, number>()
          for (const job of jobs) got.set(lanes.of(job.type), (got.get(lanes.of(job.type)) ?? 0) + 1)
          for (const p of parts) lanes.short(p, got.get(p.lane) ?? 0, exhausted)
          await startAll(jobs, exhausted)
          if (jobs.length === 0) break
        }
      } while (again && !stopped)
    } catch (err) {
      opts.onError?.('(claim)', err, 0)
    } finally {
      pumping = false
      if (lanes.running() === 0 && !(await anyDue().catch(() => false))) idleWaiters.splice(0).forEach((w) => w())
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
      const types = jobs.map((j) => j.type)
      if (o.trx) setTimeout(() => { lanes.mark(types); wake() }, 0)
      else { lanes.mark(types); wake() }
    }
  }

  return {
    enqueue: (type, payload, o = {}) => enqueueAll([{ type, payload }], o),
    enqueueAll,
    insertOf: (jobs, o) => insertOf(jobs, o),
    poke() { if (!stopped) { lanes.mark(); wake() } },
    lane(name, o) { lanes.define(name, o) },
    register(type, handler, o) {
      lanes.assign(type, o?.lane)
      handlers.set(type, handler)
    },
    start() {
      if (!stopped) return
      stopped = false
      timer = setInterval(() => { lanes.mark(); void pump() }, pollMs)
      timer.unref()
      lanes.mark()
      void pump()
    },
    async stop(timeoutMs = 10_000) {
      stopped = true
      if (timer) clearInterval(timer)
      const until = Date.now() + timeoutMs
      while (lanes.running() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20))
      const left = [...abandons]
      left.forEach((abandon) => abandon())
      // jobs let go free their slots a few callbacks later: have them gone on return
      if (left.length) await new Promise((r) => setImmediate(r))
      await flushFinished()
    },
    async drain(timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs
      while (Date.now() < until) {
        await flushFinished()
        if (lanes.running() === 0 && !(await anyDue())) return
        lanes.mark()
        void pump()
        await new Promise<void>((r) => { idleWaiters.push(r); setTimeout(r, 25) })
      }
      throw new Error('queue did not drain in time')
    },
    laneStates: () => lanes.states(),
    async size() {
      const r = await db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      return Number(r.n)
    },
  }
}
