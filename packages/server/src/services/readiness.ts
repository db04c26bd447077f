// Whether this node should be sent requests: not while it is stopping (draining), nor
// when the database or the shared Redis cannot be reached (a node that cannot read or
// publish would only answer errors, or answer without the others hearing of it).
import { sql } from 'kysely'
import type { AppContext } from '../context.ts'

const draining = new WeakSet<object>()
const CHECK_MS = 1000

/** Marks the node as stopping: /readyz answers 503 from now on. */
export function startDraining(ctx: Pick<AppContext, 'db'>): void {
  draining.add(ctx.db)
}

/** What keeps this node from being ready, if anything: a code and a sentence. */
export async function notReady(ctx: Pick<AppContext, 'db' | 'pubsub'>): Promise<{ code: string; error: string } | null> {
  if (draining.has(ctx.db)) return { code: 'draining', error: 'This node is shutting down' }
  const within = <T>(p: Promise<T>) => Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), CHECK_MS).unref())])
  try { await within(sql`select 1`.execute(ctx.db)) } catch {
    return { code: 'database_unreachable', error: 'The database cannot be reached' }
  }
  if (ctx.pubsub.ping) {
    try { await within(ctx.pubsub.ping()) } catch {
      return { code: 'redis_unreachable', error: 'Redis cannot be reached' }
    }
  }
  return null
}
