// The accounts with more followers than fanoutMaxFollowers: their posts are merged
// into homes at read time. The set is small and changes rarely, so each process
// keeps it in memory for REFRESH_MS; fan-out adds an account the moment it sees it
// is big, so on one node a post is never both skipped and not merged.
import type { AppContext } from '../../context.ts'

const REFRESH_MS = 30_000

interface Cache { ids: Set<number>; at: number; loading: Promise<Set<number>> | null }
const caches = new WeakMap<object, Cache>()

function cacheOf(ctx: AppContext): Cache {
  let c = caches.get(ctx.db)
  if (!c) { c = { ids: new Set(), at: 0, loading: null }; caches.set(ctx.db, c) }
  return c
}

/** The ids of accounts above the fan-out threshold (at most REFRESH_MS old). */
export async function bigAccounts(ctx: AppContext): Promise<Set<number>> {
  const c = cacheOf(ctx)
  if (Date.now() - c.at < REFRESH_MS) return c.ids
  c.loading ??= ctx.db.selectFrom('accounts').select('id').where('followers_count', '>', ctx.config.fanoutMaxFollowers).execute()
    .then((rows) => { c.ids = new Set(rows.map((r) => r.id)); c.at = Date.now(); return c.ids })
    .finally(() => { c.loading = null })
  return c.loading
}

/** Records that fan-out skipped this account for being big, so reads merge it at once. */
export function markBig(ctx: AppContext, accountId: number): void {
  const { ids } = cacheOf(ctx)
  if (ids.has(accountId)) return
  ids.add(accountId)
  // Homes that were read without this account's posts merged must be read again.
  ctx.cache.changed({ pages: true })
}
