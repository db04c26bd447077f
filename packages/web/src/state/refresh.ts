// Re-reading a post that the server is still completing in the background: images being
// processed, a link preview being fetched. Soon at first, then less often, then not at
// all (the next timeline load brings the finished post anyway). One poll per post.
import { api } from '../api/client.ts'
import type { Status } from '../api/types.ts'
import { remember } from './statuses.ts'

const DELAYS_MS = [1500, 3000, 6000, 12_000, 30_000, 60_000]
const running = new Map<string, () => void>()

/** Re-fetches post `id` until `done` says it is complete; returns a function that stops. */
export function refreshUntil(id: string, done: (s: Status) => boolean, delays: number[] = DELAYS_MS): () => void {
  const existing = running.get(id)
  if (existing) return () => {}
  let attempt = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const stop = () => { clearTimeout(timer); running.delete(id) }
  const tick = () => {
    timer = setTimeout(async () => {
      try {
        const fresh = remember(await api.get<Status>(`/api/v1/statuses/${id}`))
        if (done(fresh)) { stop(); return }
      } catch { stop(); return } // deleted, or offline: stop quietly
      if (++attempt < delays.length) tick()
      else stop()
    }, delays[attempt])
  }
  running.set(id, stop)
  tick()
  return stop
}

/** True when a post links to a page (not only to mentions and hashtags), so a preview card may come. */
export function hasPageLink(s: Status): boolean {
  for (const m of s.content.matchAll(/<a\s[^>]*>/g)) {
    if (!/class="[^"]*\b(mention|hashtag)\b/.test(m[0]) && /href="https?:/.test(m[0])) return true
  }
  return false
}
