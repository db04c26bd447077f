// A minimal observable value for React's useSyncExternalStore: enough for the few
// app-wide states (session, settings, posts) without a state library.
import { useSyncExternalStore } from 'react'

export interface Store<T> {
  get(): T
  set(next: T | ((prev: T) => T)): void
  subscribe(fn: () => void): () => void
}

/** Creates a store holding one value. */
export function createStore<T>(initial: T): Store<T> {
  let value = initial
  const subs = new Set<() => void>()
  return {
    get: () => value,
    set(next) {
      const v = typeof next === 'function' ? (next as (p: T) => T)(value) : next
      if (Object.is(v, value)) return
      value = v
      for (const fn of [...subs]) fn()
    },
    subscribe(fn) { subs.add(fn); return () => { subs.delete(fn) } },
  }
}

/** Reads a store (or a slice of it) and re-renders when it changes. */
export function useStore<T, S = T>(store: Store<T>, select?: (v: T) => S): S {
  return useSyncExternalStore(store.subscribe, () => (select ? select(store.get()) : store.get() as unknown as S))
}

/** Reads JSON from localStorage, falling back when absent or corrupt. */
export function loadJson<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key)
    return raw === null ? fallback : { ...fallback, ...JSON.parse(raw) }
  } catch { return fallback }
}
