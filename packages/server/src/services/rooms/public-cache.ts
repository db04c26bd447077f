// The anonymous view of a room, kept for a second in this process and shared by every
// request meanwhile (one load in flight at a time): a join storm that gets past the CDN
// still reads the database about once a second per room, not once per listener.
// Changes made here forget the entry at once (publishRoom); changes made on another node
// show within the second, as they do through the CDN (`max-age=1`).
import type { PubSub } from '../../storage/adapters/pubsub.ts'

const TTL_MS = 1000

interface Entry { at: number; value: Promise<unknown> }

const caches = new WeakMap<PubSub, Map<number, Entry>>()

function cacheOf(pubsub: PubSub): Map<number, Entry> {
  let c = caches.get(pubsub)
  if (!c) { c = new Map(); caches.set(pubsub, c) }
  return c
}

/** The cached value for a room, or `load`'s (shared by concurrent callers; a failure is not kept). */
export function publicView<T>(ctx: { pubsub: PubSub }, roomId: number, load: () => Promise<T>): Promise<T> {
  const c = cacheOf(ctx.pubsub)
  const now = Date.now()
  const hit = c.get(roomId)
  if (hit && now - hit.at < TTL_MS) return hit.value as Promise<T>
  // Expired entries of rooms nobody asks for again are dropped as others come.
  if (c.size > 10_000) for (const [id, e] of c) if (now - e.at >= TTL_MS) c.delete(id)
  const value = load()
  const entry = { at: now, value }
  c.set(roomId, entry)
  value.catch(() => { if (c.get(roomId) === entry) c.delete(roomId) })
  return value
}

/** Forgets a room's cached view after a change made here. */
export function forgetPublicView(ctx: { pubsub: PubSub }, roomId: number): void {
  cacheOf(ctx.pubsub).delete(roomId)
}
