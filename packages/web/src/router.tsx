// A small history router: the app has a dozen flat routes, not worth a library.
// Each history entry remembers its scroll position so "back" returns to the same
// place in a timeline (timelines keep their loaded posts in memory, see state/timeline.ts).
import type { AnchorHTMLAttributes, MouseEvent } from 'react'
import { createStore, useStore } from './state/store.ts'

export interface Location { path: string; search: string; key: number }

let seq = 0
const here = (): Location => ({ path: decodeURI(location.pathname), search: location.search, key: (history.state as { key?: number } | null)?.key ?? 0 })

export const route = createStore<Location>(here())

history.scrollRestoration = 'manual'
if (!(history.state as { key?: number } | null)?.key) history.replaceState({ key: ++seq + Date.now() }, '')
route.set(here())

function saveScroll(): void {
  history.replaceState({ ...(history.state ?? {}), scrollY: window.scrollY }, '')
}

/** Goes to an app path (pushState), or replaces the current entry. */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const url = new URL(to, location.origin)
  if (url.origin !== location.origin) { location.assign(to); return }
  saveScroll()
  const state = { key: ++seq + Date.now() }
  if (opts.replace) history.replaceState(state, '', url.pathname + url.search + url.hash)
  else history.pushState(state, '', url.pathname + url.search + url.hash)
  route.set(here())
  window.scrollTo(0, 0)
}

/** The scroll position this history entry had, for views to restore once their content is back. */
export function savedScroll(): number | null {
  return (history.state as { scrollY?: number } | null)?.scrollY ?? null
}

window.addEventListener('popstate', () => route.set(here()))
// Saved when leaving an entry (not on every scroll: browsers throttle replaceState).
window.addEventListener('pagehide', saveScroll)

export function useRoute(): Location { return useStore(route) }

/** True for a plain left click that the app should handle itself. */
export function isPlainClick(e: MouseEvent): boolean {
  return e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey && !e.defaultPrevented
}

/** An <a> that navigates inside the app (and still opens a new tab on ctrl/cmd-click). */
export function Link({ to, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  return (
    <a href={to} {...rest} onClick={(e) => {
      onClick?.(e)
      if (!isPlainClick(e)) return
      e.preventDefault()
      navigate(to)
    }} />
  )
}

/** Matches `/@alice/123` style paths; returns the named parts or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/')
  const s = path.split('/')
  if (p.length !== s.length) return null
  const out: Record<string, string> = {}
  for (let i = 0; i < p.length; i++) {
    const part = p[i]
    if (part.startsWith(':')) { if (!s[i]) return null; out[part.slice(1)] = s[i]; continue }
    if (part.startsWith('@:')) { if (!s[i].startsWith('@') || s[i].length < 2) return null; out[part.slice(2)] = s[i].slice(1); continue }
    if (part !== s[i]) return null
  }
  return out
}
