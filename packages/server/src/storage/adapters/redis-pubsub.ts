// Pub/sub between nodes on Redis. One connection per node publishes, one more
// subscribes (a subscribed Redis connection can do nothing else); local handlers
// share them, so a node subscribes to a channel once however many streams read it.
// Redis pub/sub delivers at most once: what is published while a node is cut off is
// lost to it, so on every reconnect the node tells its `onGap` listeners (caches are
// cleared, presence is told again) instead of silently serving stale state.
import { Redis } from 'ioredis'
import type { PubSub } from './pubsub.ts'

export interface RedisPubSubOptions {
  /** Channel prefix, so several Phares (or tests) can share one Redis. */
  prefix?: string
  onError?: (err: Error) => void
}

/** A pub/sub on the Redis at `url`; every node using the same URL and prefix hears the others. */
export function redisPubSub(url: string, o: RedisPubSubOptions = {}): PubSub & { ping(): Promise<void> } {
  const prefix = o.prefix ?? 'phare:ps:'
  // A publish must not hang a request or a job: a lost Redis fails it soon, and the caller decides.
  const pub = new Redis(url, { maxRetriesPerRequest: 2, commandTimeout: 2000 })
  const sub = new Redis(url, { maxRetriesPerRequest: null, autoResubscribe: true })
  const onError = (err: Error) => o.onError?.(err)
  pub.on('error', onError)
  sub.on('error', onError)
  const handlers = new Map<string, Set<(m: unknown) => void>>()
  const gaps = new Set<() => void>()
  let readyOnce = false
  let closed = false
  sub.on('ready', () => {
    // the first ready is the first connection, not a gap
    if (readyOnce) for (const g of gaps) g()
    readyOnce = true
  })
  sub.on('message', (channel: string, text: string) => {
    const set = handlers.get(channel.slice(prefix.length))
    if (!set || set.size === 0) return
    // each handler gets its own copy, as with memoryPubSub: no subscriber can change another's
    for (const h of [...set]) {
      try { h(JSON.parse(text)) } catch (err) { onError(err as Error) }
    }
  })
  return {
    shared: true,
    async publish(channel, message) {
      if (closed) return
      await pub.publish(prefix + channel, JSON.stringify(message))
    },
    subscribe(channel, onMessage) {
      let set = handlers.get(channel)
      if (!set) {
        handlers.set(channel, set = new Set())
        void sub.subscribe(prefix + channel).catch(onError)
      }
      set.add(onMessage)
      return () => {
        const s = handlers.get(channel)
        if (!s?.delete(onMessage) || s.size > 0) return
        handlers.delete(channel)
        if (!closed) void sub.unsubscribe(prefix + channel).catch(onError)
      }
    },
    onGap(listener) {
      gaps.add(listener)
      return () => { gaps.delete(listener) }
    },
    async ping() { await pub.ping() },
    async close() {
      closed = true
      handlers.clear()
      gaps.clear()
      // quit waits for Redis to answer, which a lost Redis never does
      if (pub.status === 'ready' && sub.status === 'ready') {
        await Promise.race([Promise.allSettled([pub.quit(), sub.quit()]), new Promise((r) => setTimeout(r, 1000).unref())])
      }
      pub.disconnect()
      sub.disconnect()
    },
  }
}
