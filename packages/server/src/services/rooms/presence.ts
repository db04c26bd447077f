// Who listens to a room, counted in this process's memory: a join storm writes
// nothing to the database. The count is published on the room's channel at most
// once a second, so a storm is one message per second, not one per listener.
//
// Per process, like services/streaming/presence.ts: with several nodes each counts its
// own listeners. Agreement between nodes (a shared counter with a TTL refreshed by each
// node, on the shared key-value store) comes with issue 10.
import type { PubSub } from '../../storage/adapters/pubsub.ts'
import { publishRoom } from './events.ts'

const PUBLISH_EVERY_MS = 1000

interface Registry {
  counts: Map<number, number>
  /** signed-in listeners per room, with how many pages each has open */
  people: Map<number, Map<number, number>>
  timers: Map<number, NodeJS.Timeout>
}

const registries = new WeakMap<PubSub, Registry>()

function registryOf(pubsub: PubSub): Registry {
  let r = registries.get(pubsub)
  if (!r) { r = { counts: new Map(), people: new Map(), timers: new Map() }; registries.set(pubsub, r) }
  return r
}

function schedulePublish(pubsub: PubSub, r: Registry, roomId: number): void {
  if (r.timers.has(roomId)) return
  const t = setTimeout(() => {
    r.timers.delete(roomId)
    void publishRoom({ pubsub }, roomId, { event: 'room.listeners', payload: { room_id: String(roomId), count: r.counts.get(roomId) ?? 0 } }).catch(() => {})
  }, PUBLISH_EVERY_MS)
  t.unref()
  r.timers.set(roomId, t)
}

/** Counts one listener of a room (a signed-in one by account); returns the function that stops counting them (safe to call twice). */
export function listen(ctx: { pubsub: PubSub }, roomId: number, accountId: number | null = null): () => void {
  const r = registryOf(ctx.pubsub)
  r.counts.set(roomId, (r.counts.get(roomId) ?? 0) + 1)
  if (accountId !== null) {
    let people = r.people.get(roomId)
    if (!people) r.people.set(roomId, people = new Map())
    people.set(accountId, (people.get(accountId) ?? 0) + 1)
  }
  schedulePublish(ctx.pubsub, r, roomId)
  let left = false
  return () => {
    if (left) return
    left = true
    const n = (r.counts.get(roomId) ?? 1) - 1
    if (n > 0) r.counts.set(roomId, n)
    else r.counts.delete(roomId)
    const people = accountId === null ? undefined : r.people.get(roomId)
    if (people && accountId !== null) {
      const open = (people.get(accountId) ?? 1) - 1
      if (open > 0) people.set(accountId, open)
      else people.delete(accountId)
      if (people.size === 0) r.people.delete(roomId)
    }
    schedulePublish(ctx.pubsub, r, roomId)
  }
}

/** Some signed-in listeners of a room counted by this process (the first `max` who came). */
export function listenersOf(ctx: { pubsub: PubSub }, roomId: number, max: number): number[] {
  const people = registryOf(ctx.pubsub).people.get(roomId)
  return people ? [...people.keys()].slice(0, max) : []
}

/** How many listeners this process counts for a room. */
export function listenerCount(ctx: { pubsub: PubSub }, roomId: number): number {
  return registryOf(ctx.pubsub).counts.get(roomId) ?? 0
}
