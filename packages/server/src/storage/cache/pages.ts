// Whole rendered pages, kept while everything they were made from is unchanged.
// A tracked render notes every cache entry it read; the page stays valid exactly as
// long as each of those keys still holds the same object. Writes never touch pages:
// they drop entries (cache.changed), and a dropped or replaced entry makes every
// page built on it invalid. A page read anything uncached (a poll, a deep page from
// the database) is not kept.
import { LRUCache } from 'lru-cache'
import type { KeyedCache } from './keyed.ts'

/** What one render read. */
export interface Tracker {
  use<K extends {}, V extends {}>(cache: KeyedCache<K, V>, key: K, value: V | undefined): void
  /** The render read something no cache entry stands for: its result must not be kept. */
  uncacheable(): void
  /** The result is true only until this time (a timed mute ends). */
  validUntil(ms: number): void
}

/** A rendered page and what it was made from. */
export interface Page<T> {
  value: T
  deps: Map<KeyedCache<{}, {}>, Map<unknown, unknown>>
  until: number
  /** the drop count when the page was last known valid: while no drop happened since, it still is */
  checkedAt: number
}

export interface PageCache<T> {
  /** The page under `key` when still valid. */
  get(key: string, now?: number): T | undefined
  /** Runs `render` with a tracker and keeps its result when it may be kept. */
  render(key: string, render: (tracker: Tracker) => Promise<T>): Promise<T>
  clear(): void
}

/**
 * Pages up to `maxBytes` in all (by `size`, roughly bytes), least recently used out.
 * `drops()` counts every drop in the caches pages depend on: when it has not moved
 * since a page was checked, nothing the page read can have changed (an eviction is
 * not a change), and the page is answered without checking its entries one by one.
 */
export function pageCache<T extends {}>(maxBytes: number, size: (value: T) => number, drops: () => number): PageCache<T> {
  const pages = new LRUCache<string, Page<T>>({ maxSize: maxBytes, sizeCalculation: (p) => Math.max(1, size(p.value)) })
  const valid = (p: Page<T>, now: number) => {
    if (now >= p.until) return false
    const current = drops()
    if (p.checkedAt === current) return true
    for (const [cache, entries] of p.deps) {
      for (const [key, value] of entries) if (cache.peek(key as {}) !== value) return false
    }
    p.checkedAt = current
    return true
  }
  return {
    get(key, now = Date.now()) {
      const p = pages.get(key)
      if (!p) return undefined
      if (valid(p, now)) return p.value
      pages.delete(key)
      return undefined
    },
    async render(key, render) {
      // A drop during the render may concern what it read: its page is checked on first use.
      const startedAt = drops()
      const deps: Page<T>['deps'] = new Map()
      let keep = true
      let until = Infinity
      const tracker: Tracker = {
        use(cache, k, v) {
          let m = deps.get(cache as KeyedCache<{}, {}>)
          if (!m) { m = new Map(); deps.set(cache as KeyedCache<{}, {}>, m) }
          m.set(k, v)
        },
        uncacheable() { keep = false },
        validUntil(ms) { until = Math.min(until, ms) },
      }
      const value = await render(tracker)
      if (keep) pages.set(key, { value, deps, until, checkedAt: startedAt })
      return value
    },
    clear() { pages.clear() },
  }
}
