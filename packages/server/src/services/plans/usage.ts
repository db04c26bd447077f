// Requests per app per hour, for the developer page. Counting is one Map increment per
// request; the counts are added to app_usage in one statement every few seconds, so a
// busy app costs one write per flush, not one per request.
import { sql } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { DB } from '../../storage/db.ts'

const HOUR = 3_600_000
const FLUSH_MS = 5000

/** Counts requests in memory and adds them to app_usage in batches. */
export function createUsageCounter(db: DB, options: { flushMs?: number; onError?: (err: unknown) => void } = {}) {
  let counts = new Map<string, number>()
  let flushing: Promise<void> = Promise.resolve()
  const timer = setInterval(() => { void flush().catch(options.onError ?? (() => {})) }, options.flushMs ?? FLUSH_MS)
  timer.unref()

  async function write(batch: Map<string, number>) {
    if (batch.size === 0) return
    const rows = [...batch].map(([k, requests]) => {
      const [app, hour] = k.split(':')
      return { app_id: Number(app), hour: Number(hour), requests }
    })
    try {
      await db.insertInto('app_usage').values(rows)
        .onConflict((c) => c.columns(['app_id', 'hour']).doUpdateSet({ requests: sql`app_usage.requests + excluded.requests` }))
        .execute()
    } catch (err) {
      // Put them back: the next flush tries again rather than losing the counts.
      for (const [k, n] of batch) counts.set(k, (counts.get(k) ?? 0) + n)
      throw err
    }
  }

  /** Writes what was counted so far (one statement); concurrent calls queue up. */
  function flush(): Promise<void> {
    flushing = flushing.catch(() => {}).then(() => {
      const batch = counts
      counts = new Map()
      return write(batch)
    })
    return flushing
  }

  return {
    /** Counts one request of an app. */
    add(appId: number, now = Date.now()) {
      const k = `${appId}:${now - (now % HOUR)}`
      counts.set(k, (counts.get(k) ?? 0) + 1)
    },
    flush,
    /** Flushes and stops the timer. */
    async close() { clearInterval(timer); await flush() },
  }
}

export type UsageCounter = ReturnType<typeof createUsageCounter>

const counters = new WeakMap<DB, UsageCounter>()

/** This process's counter for the context's database, created on first use. */
export function usageCounter(ctx: AppContext): UsageCounter {
  let c = counters.get(ctx.db)
  if (!c) {
    c = createUsageCounter(ctx.db, { onError: (err) => ctx.log.error({ err: String((err as Error)?.message ?? err) }, 'could not write app usage') })
    counters.set(ctx.db, c)
  }
  return c
}

/** Stops this context's counter after a last flush (at shutdown). */
export async function closeUsageCounter(ctx: AppContext): Promise<void> {
  const c = counters.get(ctx.db)
  counters.delete(ctx.db)
  await c?.close()
}

/** Requests per UTC day of one app, for the last `days` days (oldest first, zeros included). */
export async function dailyUsage(ctx: AppContext, appId: number, days = 14, now = Date.now()): Promise<{ day: string; requests: number }[]> {
  await counters.get(ctx.db)?.flush()
  const today = now - (now % (24 * HOUR))
  const from = today - (days - 1) * 24 * HOUR
  const rows = await ctx.db.selectFrom('app_usage').select(['hour', 'requests'])
    .where('app_id', '=', appId).where('hour', '>=', from).execute()
  const byDay = new Map<number, number>()
  for (const r of rows) {
    const h = Number(r.hour)
    const d = h - (h % (24 * HOUR))
    byDay.set(d, (byDay.get(d) ?? 0) + Number(r.requests))
  }
  return Array.from({ length: days }, (_, i) => {
    const d = from + i * 24 * HOUR
    return { day: new Date(d).toISOString().slice(0, 10), requests: byDay.get(d) ?? 0 }
  })
}
