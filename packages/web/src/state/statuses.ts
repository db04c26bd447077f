// Every post the app has seen, by id. Views keep only ids, so a like in the thread
// view shows in the timeline too, and a live edit or delete updates every copy.
import { useSyncExternalStore } from 'react'
import { api } from '../api/client.ts'
import type { Status } from '../api/types.ts'

const byId = new Map<string, Status>()
const listeners = new Map<string, Set<() => void>>()
const deleted = new Set<string>()

function notify(id: string): void {
  for (const fn of [...(listeners.get(id) ?? [])]) fn()
}

/** Stores posts (and the posts they repost or quote) and returns them. */
export function remember<T extends Status | Status[]>(s: T): T {
  for (const one of Array.isArray(s) ? s : [s]) {
    if (one.reblog) remember(one.reblog)
    if (one.quote?.quoted_status) remember(one.quote.quoted_status)
    byId.set(one.id, one)
    notify(one.id)
  }
  return s
}

export function getStatus(id: string): Status | undefined { return byId.get(id) }

/** Marks a post deleted: every view showing it drops it. */
export function forget(id: string): void {
  deleted.add(id)
  byId.delete(id)
  notify(id)
}

export function isDeleted(id: string): boolean { return deleted.has(id) }

/** A post by id, re-rendering when it changes; undefined when unknown or deleted. */
export function useStatus(id: string | null | undefined): Status | undefined {
  return useSyncExternalStore(
    (fn) => {
      if (!id) return () => {}
      let set = listeners.get(id)
      if (!set) listeners.set(id, (set = new Set()))
      set.add(fn)
      return () => { set.delete(fn) }
    },
    () => (id ? byId.get(id) : undefined),
  )
}

function patch(id: string, p: Partial<Status>): void {
  const s = byId.get(id)
  if (s) { byId.set(id, { ...s, ...p }); notify(id) }
}

/** Flips a boolean action optimistically, then keeps the server's answer (or rolls back). */
async function toggle(s: Status, on: boolean, flag: 'favourited' | 'reblogged' | 'bookmarked', counter: 'favourites_count' | 'reblogs_count' | null, path: string): Promise<void> {
  const before = byId.get(s.id) ?? s
  const delta = on ? 1 : -1
  patch(s.id, { [flag]: on, ...(counter ? { [counter]: Math.max(0, before[counter] + delta) } : {}) })
  try {
    const res = await api.post<Status>(`/api/v1/statuses/${s.id}/${path}`)
    // A repost answers with the new wrapper post; the original is inside it.
    remember(res.reblog && flag === 'reblogged' ? res.reblog : res)
  } catch (e) {
    patch(s.id, { [flag]: before[flag], ...(counter ? { [counter]: before[counter] } : {}) })
    throw e
  }
}

export const actions = {
  favourite: (s: Status) => toggle(s, !s.favourited, 'favourited', 'favourites_count', s.favourited ? 'unfavourite' : 'favourite'),
  reblog: (s: Status) => toggle(s, !s.reblogged, 'reblogged', 'reblogs_count', s.reblogged ? 'unreblog' : 'reblog'),
  bookmark: (s: Status) => toggle(s, !s.bookmarked, 'bookmarked', null, s.bookmarked ? 'unbookmark' : 'bookmark'),
  async vote(s: Status, choices: number[]) {
    const poll = await api.post<Status['poll']>(`/api/v1/polls/${s.poll!.id}/votes`, { choices })
    patch(s.id, { poll })
  },
  async remove(s: Status) {
    await api.del(`/api/v1/statuses/${s.id}`)
    forget(s.id)
  },
}
