// A list of posts: paginated as the reader scrolls, live with a "N new posts" pill.
import { useRef, type ReactNode } from 'react'
import type { Status as StatusT } from '../api/types.ts'
import { useI18n } from '../i18n/index.ts'
import { Status } from '../components/Status.tsx'
import { VirtualList } from '../components/VirtualList.tsx'
import { useTimeline, type TimelineSource, type Timeline } from '../state/timeline.ts'
import { errorText } from '../state/ui.ts'
import { Icon } from '../components/Icon.tsx'

/** Shows the pending live items and brings the reader to them, focus on the first. */
export function revealPending<T>(tl: Timeline<T>, list: HTMLElement | null): void {
  tl.showPending()
  requestAnimationFrame(() => {
    if (!list) return
    const header = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--header-h')) || 0
    window.scrollTo({ top: Math.max(0, list.getBoundingClientRect().top + window.scrollY - header - 8) })
    requestAnimationFrame(() => list.querySelector<HTMLElement>('article[tabindex]')?.focus({ preventScroll: true }))
  })
}

/** The pill that announces live items without moving what the reader is reading. */
export function NewItemsPill({ count, label, onShow }: { count: number; label: string; onShow(): void }) {
  if (count === 0) return null
  return (
    <div className="pill-wrap">
      <button type="button" className="pill" onClick={onShow} aria-live="polite"><Icon name="up" size={16} /> {label}</button>
    </div>
  )
}

/** The end of a list: loading, an error with retry, the end, or a button for more. */
export function ListFooter<T>({ tl, empty }: { tl: Timeline<T>; empty: string }) {
  const i = useI18n()
  if (tl.error) return <div className="list-footer" role="alert">{errorText(tl.error)} <button type="button" className="button small" onClick={tl.retry}>{i.t('app.retry')}</button></div>
  if (tl.loading || tl.next === undefined) return <div className="list-footer"><span className="spinner" aria-hidden="true" /> <span className="sr-only">{i.t('app.loading')}</span></div>
  if (tl.items.length === 0) return <div className="list-footer empty">{empty}</div>
  if (tl.next === null) return <div className="list-footer">{i.t('timeline.end')}</div>
  return <div className="list-footer"><button type="button" className="button small ghost" onClick={tl.loadMore}>{i.t('timeline.loadMore')}</button></div>
}

export function TimelineView({ source, label, empty, enabled = true, children }: { source: TimelineSource<StatusT>; label: string; empty: string; enabled?: boolean; children?: ReactNode }) {
  const i = useI18n()
  const tl = useTimeline(source, enabled)
  const wrap = useRef<HTMLDivElement>(null)
  const total = tl.items.length
  return (
    <div ref={wrap}>
      {children}
      <NewItemsPill count={tl.pending.length} label={i.t('timeline.newPosts', { count: tl.pending.length })} onShow={() => revealPending(tl, wrap.current)} />
      <VirtualList items={tl.items} keyOf={(s) => s.id} cacheKey={source.key} label={label} busy={tl.loading} onEndReached={tl.loadMore}
        render={(s, n) => <Status id={s.id} posinset={n + 1} setsize={tl.next === null ? total : -1} />} />
      <ListFooter tl={tl} empty={empty} />
    </div>
  )
}
