// A window-scrolled virtual list for variable-height items: only what is near the
// viewport is in the DOM, so a timeline of 500 posts scrolls as smoothly as one of 20.
// Heights are measured (ResizeObserver) and cached per list, and the item at the top of
// the viewport is kept in place whenever something above it changes height or is
// inserted, so the reading position never jumps.
import { startTransition, useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react'

interface Props<T> {
  items: T[]
  keyOf(item: T): string
  render(item: T, index: number): ReactNode
  /** heights are remembered under this name, so coming back to a list restores its layout */
  cacheKey: string
  label: string
  busy?: boolean
  onEndReached?(): void
  estimate?: number
}

const heightCaches = new Map<string, Map<string, number>>()
// Pixels rendered beyond the viewport on each side: enough for a fast flick, few enough to stay cheap.
const OVERSCAN = 800
// Space taken by the sticky header: items scrolled under it are not "at the top".
const headerHeight = () => parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--header-h')) || 0

/** A feed of items rendered lazily around the viewport. */
export function VirtualList<T>({ items, keyOf, render, cacheKey, label, busy, onEndReached, estimate = 160 }: Props<T>) {
  const root = useRef<HTMLDivElement>(null)
  let heights = heightCaches.get(cacheKey)
  if (!heights) heightCaches.set(cacheKey, (heights = new Map()))
  const [range, setRange] = useState<[number, number]>([0, 12])
  const [, setVersion] = useState(0)
  const anchor = useRef<{ key: string; top: number } | null>(null)
  const endReached = useRef(onEndReached)
  endReached.current = onEndReached

  const offsets = new Array<number>(items.length + 1)
  offsets[0] = 0
  for (let i = 0; i < items.length; i++) offsets[i + 1] = offsets[i] + (heights.get(keyOf(items[i])) ?? estimate)

  const offsetsRef = useRef(offsets)
  offsetsRef.current = offsets
  const itemsRef = useRef(items)
  itemsRef.current = items

  /** Which items intersect the viewport plus overscan; also records the anchor item. */
  const measure = useCallback(() => {
    const el = root.current
    if (!el) return
    const listTop = el.getBoundingClientRect().top + window.scrollY
    const off = offsetsRef.current
    const n = itemsRef.current.length
    const from = window.scrollY - listTop - OVERSCAN
    const to = window.scrollY - listTop + window.innerHeight + OVERSCAN
    let start = 0
    let lo = 0, hi = n
    while (lo < hi) { const mid = (lo + hi) >> 1; if (off[mid + 1] < from) lo = mid + 1; else hi = mid }
    start = lo
    let end = start
    while (end < n && off[end] < to) end++
    // A transition: rows entering the overscan are rendered in short slices React can
    // interrupt, never as one long task (the overscan hides the wait).
    startTransition(() => setRange((r) => (r[0] === start && r[1] === end ? r : [start, end])))
    if (end >= n - 5) endReached.current?.()
    recordAnchor()
  }, [])

  /** Remembers the first item below the header and its position, to keep it still across changes. */
  function recordAnchor(): void {
    const el = root.current
    if (!el) return
    const top = headerHeight()
    // At the top of the list there is nothing to keep: new content may flow in above.
    if (el.getBoundingClientRect().top >= top) { anchor.current = null; return }
    for (const child of el.children) {
      const key = (child as HTMLElement).dataset.key
      if (!key) continue
      const r = child.getBoundingClientRect()
      if (r.bottom > top) { anchor.current = { key, top: r.top }; return }
    }
  }

  // One measurement per frame: scroll events and renders ask for it, the next frame runs it.
  const frame = useRef(0)
  const measureSoon = useCallback(() => {
    if (!frame.current) frame.current = requestAnimationFrame(() => { frame.current = 0; measure() })
  }, [measure])

  // After every render: put the anchor item back where it was (this must not wait a frame,
  // or the reader would see the jump), then measure in the next frame rather than forcing
  // a second layout now.
  useLayoutEffect(() => {
    const el = root.current
    const a = anchor.current
    if (el && a) {
      const child = el.querySelector<HTMLElement>(`:scope > [data-key="${CSS.escape(a.key)}"]`)
      if (child) {
        const diff = child.getBoundingClientRect().top - a.top
        if (Math.abs(diff) >= 1) window.scrollBy(0, diff)
      } else {
        const i = itemsRef.current.findIndex((x) => keyOf(x) === a.key)
        if (i >= 0) {
          const listTop = el.getBoundingClientRect().top + window.scrollY
          window.scrollTo(0, listTop + offsetsRef.current[i] - a.top)
        }
      }
    }
    measureSoon()
  })

  // Item sizes: measured as they render and whenever they change (a poll loads, text expands).
  const observer = useRef<ResizeObserver | null>(null)
  useEffect(() => {
    const ro = new ResizeObserver((entries) => {
      let changed = false
      for (const e of entries) {
        const key = (e.target as HTMLElement).dataset.key
        const h = Math.round((e.target as HTMLElement).offsetHeight)
        if (key && h > 0 && heights.get(key) !== h) { heights.set(key, h); changed = true }
      }
      if (changed) setVersion((v) => v + 1)
    })
    observer.current = ro
    for (const child of root.current?.children ?? []) if ((child as HTMLElement).dataset.key) ro.observe(child)
    return () => ro.disconnect()
  }, [heights])

  useEffect(() => {
    window.addEventListener('scroll', measureSoon, { passive: true })
    window.addEventListener('resize', measureSoon)
    return () => {
      window.removeEventListener('scroll', measureSoon); window.removeEventListener('resize', measureSoon)
      cancelAnimationFrame(frame.current); frame.current = 0
    }
  }, [measureSoon])

  const [start, end] = [Math.min(range[0], items.length), Math.min(range[1], items.length)]
  const attach = (node: HTMLDivElement | null) => { if (node && observer.current) observer.current.observe(node) }
  return (
    // A feed must hold articles (ARIA): an empty list is a plain labelled region until it has some.
    <div ref={root} role={items.length ? 'feed' : 'region'} aria-label={label} aria-busy={busy || undefined} className="vlist">
      <div aria-hidden="true" style={{ height: offsets[start] }} />
      {items.slice(start, end).map((item, i) => {
        const key = keyOf(item)
        return (
          <div key={key} data-key={key} data-index={start + i} ref={attach}>
            {render(item, start + i)}
          </div>
        )
      })}
      <div aria-hidden="true" style={{ height: offsets[items.length] - offsets[end] }} />
    </div>
  )
}
