// The unread-notifications badge and the live side of the "user" stream that is not
// a timeline: edits of posts already on screen.
import { api } from '../api/client.ts'
import { subscribe } from '../api/streaming.ts'
import type { Notification, Status } from '../api/types.ts'
import { route } from '../router.tsx'
import { session } from './session.ts'
import { remember } from './statuses.ts'
import { createStore } from './store.ts'

export const unread = createStore(0)

/** Tells the server (and other devices) the notifications are read up to this one. */
export function markRead(lastId: string): void {
  unread.set(0)
  api.post('/api/v1/markers', { notifications: { last_read_id: lastId } }).catch(() => {})
}

let stop: (() => void) | null = null

/** Follows the signed-in person's notifications while signed in. */
export function startNotifications(): void {
  const sync = () => {
    stop?.()
    stop = null
    unread.set(0)
    if (!session.get().token) return
    api.get<{ count: number }>('/api/v1/notifications/unread_count').then((r) => unread.set(r.count)).catch(() => {})
    stop = subscribe('user', undefined, (m) => {
      if (m.event === 'notification' && route.get().path !== '/notifications') unread.set((n) => n + 1)
      if (m.event === 'notification') { const s = (m.payload as Notification).status; if (s) remember(s) }
      if (m.event === 'status.update') remember(m.payload as Status)
    })
  }
  let token = session.get().token
  sync()
  session.subscribe(() => { if (session.get().token !== token) { token = session.get().token; sync() } })
}
