// A bounded in-memory cache whose fills cannot undo an invalidation.
// A reader that misses reads the database and then stores what it read; if a write
// committed and dropped the key in between, storing the old value would keep it stale
// for good. So a reader takes a mark before it reads, and `set` refuses a value when
// the key (or the whole cache) was dropped after that mark.
import { LRUCache } from 'lru-cache'

export interface KeyedCache<K extends {}, V extends {}> {
  /** Take before reading the database for a miss; hand it to `set`. */
  mark(): number
  get(key: K): V | undefined
  /** Like get, without counting as a use (for checks that should not keep entries alive). */
  peek(key: K): V | undefined
  /** Stores a value read after `mark`, unless the key was dropped since. */
  set(key: K, value: V, mark: number): void
  drop(key: K): void
  clear(): void
  readonly size: number
}

/** A cache of at most `max` entries, least recently used out. */
export function keyedCache<K extends {}, V extends {}>(max: number): KeyedCache<K, V> {
  let generation = 0
  // Drops newer than this may have been forgotten (evicted tombstones, a clear): refuse older marks.
  let forgottenUpTo = 0
  const values = new LRUCache<K, V>({ max })
  const tombstones = new LRUCache<K, number>({
    max: Math.max(1_000, max),
    dispose: (gen, _key, reason) => { if (reason === 'evict') forgottenUpTo = Math.max(forgottenUpTo, gen) },
  })
  return {
    mark: () => generation,
    get: (key) => values.get(key),
    peek: (key) => values.peek(key),
    set(key, value, mark) {
      if (mark < forgottenUpTo) return
      const dropped = tombstones.peek(key)
      if (dropped !== undefined && dropped > mark) return
      values.set(key, value)
    },
    drop(key) {
      values.delete(key)
      tombstones.set(key, ++generation)
    },
    clear() {
      values.clear()
      tombstones.clear()
      forgottenUpTo = ++generation
    },
    get size() { return values.size },
  }
}
