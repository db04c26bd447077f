// Whether this node should be sent requests: not while it is stopping (draining), nor
// when the database or the shared Redis cannot be reached (a node that cannot read or
// publish would only answer errors, or answer without the others hearing of it).
import { sql } from 'kysely'
import type { AppContext } from '../context.ts'

const CHECK_MS = 1000

/** What keeps this node from being ready, if anything: a status, a code and a sentence. */
export async function notReady(ctx: Pick<AppContext, 'db' | 'pubsub' | 'shutdown'>): Promise<{ status: 'draining' | 'unavailable'; code: string; error: string } | null> {
  // A graceful stop (shutdown.ts) began: other nodes take the requests.
  if (ctx.shutdown.draining) return { status: 'draining', code: 'draining', error: 'This node is restarting or stopping; other nodes take its requests' }
  const within = <T>(p: Promise<T>) => Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), CHECK_MS).unref())])
  try { await within(sql`select 1`.execute(ctx.db)) } catch {
    return { status: 'unavailable', code: 'database_unreachable', error: 'The database cannot be reached' }
  }
  if (ctx.pubsub.ping) {
    try { await within(ctx.pubsub.ping()) } catch {
      return { status: 'unavailable', code: 'redis_unreachable', error: 'Redis cannot be reached' }
    }
  }
  return null
}
