// A paginated, live list (timeline or notifications). Older pages follow the
// server's Link header (or max_id of the last item), every item is kept once, and
// live items wait in `pending` until the reader asks for them ("3 new posts"), so
// nothing is skipped, repeated or moved under the reader's eyes. States are kept by
// key: going back to a timeline shows it as it was.
import { useCallback, useEffect } from 'react'
import { api } from '../api/client.ts'
import { subscribe } from '../api/streaming.ts'
import { createStore, useStore, type Store } from './store.ts'

export interface TimelineSource<T> {
  /** cache key: "home", "tag:cats", "account:1" … */
  key: string
  path: string
  query?: Record<string, string | number | boolean>
  /** live events: the stream and the event name that carries new items */
  stream?: { name: string; tag?: string; event: 'update' | 'notification' }
  idOf(item: T): string
  /** called with every item that arrives (pages and live), e.g. to store posts */
  received?(items: T[]): void
  /** live items the list should not take (a post a hashtag timeline does not show…) */
  accepts?(item: T): boolean
}

export interface TimelineState<T> {
  items: T[]
  pending: T[]
  /** URL of the next (older) page; null at the end; undefined before the first page */
  next: string | null | undefined
  loading: boolean
  error: unknown
}

const states = new Map<string, Store<TimelineState<unknown>>>()

function storeFor<T>(key: string): Store<TimelineState<T>> {
  let s = states.get(key)
  if (!s) states.set(key, (s = createStore<TimelineState<unknown>>({ items: [], pending: [], next: undefined, loading: false, error: null })))
  return s as Store<TimelineState<T>>
}

/** Adds items at the front or the back, skipping any already present. */
function merge<T>(idOf: (x: T) => string, base: T[], add: T[], atFront: boolean): T[] {
  const seen = new Set(base.map(idOf))
  const fresh = add.filter((x) => { const id = idOf(x); if (seen.has(id)) return false; seen.add(id); return true })
  return atFront ? [...fresh, ...base] : [...base, ...fresh]
}

/** Forgets a cached timeline (after sign-out, or when the signed-in person changes). */
export function resetTimelines(): void { states.clear() }

/** Removes an item from every cached list (a deleted post, a dismissed notification). */
export function dropEverywhere(match: (item: unknown) => boolean): void {
  for (const s of states.values()) s.set((st) => ({ ...st, items: st.items.filter((x) => !match(x)), pending: st.pending.filter((x) => !match(x)) }))
}

export interface Timeline<T> extends TimelineState<T> {
  loadMore(): void
  /** moves the pending live items into the list */
  showPending(): void
  /** puts items at the top at once (the reader's own new post) */
  prepend(items: T[]): void
  retry(): void
}

/** The live, paginated list for a source. */
export function useTimeline<T>(src: TimelineSource<T>, enabled = true): Timeline<T> {
  const store = storeFor<T>(src.key)
  const state = useStore(store)

  const fetchPage = useCallback(async (url: string | null) => {
    const cur = store.get()
    if (cur.loading || cur.next === null) return
    store.set((s) => ({ ...s, loading: true, error: null }))
    try {
      const page = await api.page<T>(url ?? src.path, url ? undefined : { limit: 40, ...src.query })
      src.received?.(page.items)
      // Without a Link header, the last item's id is the cursor (timelines are newest first).
      const last = page.items.at(-1)
      const next = page.items.length === 0 ? null
        : page.next ?? (last ? `${src.path}?${new URLSearchParams({ ...Object.fromEntries(Object.entries(src.query ?? {}).map(([k, v]) => [k, String(v)])), max_id: src.idOf(last) })}` : null)
      store.set((s) => ({ ...s, loading: false, items: merge(src.idOf, s.items, page.items, false), next }))
    } catch (error) {
      store.set((s) => ({ ...s, loading: false, error }))
    }
  }, [src.key])

  /** Fetches what is newer than the newest known item, after the live connection was down. */
  const fillGap = useCallback(async () => {
    const s = store.get()
    const newest = s.pending[0] ?? s.items[0]
    if (!newest) return
    try {
      const page = await api.page<T>(src.path, { limit: 40, ...src.query, min_id: src.idOf(newest) })
      src.received?.(page.items)
      store.set((st) => ({ ...st, pending: merge(src.idOf, st.pending, page.items.filter((x) => !st.items.some((y) => src.idOf(y) === src.idOf(x))), true) }))
    } catch { /* the next reconnect tries again */ }
  }, [src.key])

  useEffect(() => {
    if (enabled && store.get().next === undefined && !store.get().loading) void fetchPage(null)
  }, [src.key, enabled])

  useEffect(() => {
    if (!enabled || !src.stream) return
    const { name, tag, event } = src.stream
    return subscribe(name, tag, (m) => {
      if (m.event === event) {
        const item = m.payload as T
        if (src.accepts && !src.accepts(item)) return
        src.received?.([item])
        store.set((s) => s.items.some((x) => src.idOf(x) === src.idOf(item)) ? s : { ...s, pending: merge(src.idOf, s.pending, [item], true) })
      } else if (m.event === 'delete' && event === 'update') {
        const id = String(m.payload)
        store.set((s) => ({ ...s, items: s.items.filter((x) => src.idOf(x) !== id), pending: s.pending.filter((x) => src.idOf(x) !== id) }))
      }
    }, () => void fillGap())
  }, [src.key, enabled])

  return {
    ...state,
    loadMore: () => { const s = store.get(); if (s.next && !s.error) void fetchPage(s.next) },
    showPending: () => store.set((s) => ({ ...s, items: merge(src.idOf, s.items, s.pending, true), pending: [] })),
    prepend: (items) => store.set((s) => ({ ...s, items: merge(src.idOf, s.items, items, true), pending: s.pending.filter((p) => !items.some((i) => src.idOf(i) === src.idOf(p))) })),
    retry: () => { const s = store.get(); store.set({ ...s, error: null }); void fetchPage(s.next ?? null) },
  }
}

/** The shared state of a timeline by key, for code outside the view (the composer adds the new post to home). */
export function timelineStore<T>(key: string): Store<TimelineState<T>> { return storeFor<T>(key) }
