// Who listens to a room, counted in memory: a join storm writes nothing to the database.
//
// Each node counts the pages open on it, and tells the others its counts on one shared
// channel (the pub/sub interface: in process by default, Redis with many nodes) when they
// change, at most once a second per room, and every few seconds while non-zero. A node's
// count that is not refreshed (the node died) is forgotten. The total a node shows is its
// own count plus the others' fresh ones; each node tells its own pages that total on the
// room's channel, tagged with its id, so a page hears one count, not one per node.
import { randomBytes } from 'node:crypto'
import type { PubSub } from '../../storage/adapters/pubsub.ts'
import { channels } from '../streaming/channels.ts'
import { publishRoom } from './events.ts'

const PUBLISH_EVERY_MS = 1000
const HEARTBEAT_MS = 5000
/** Three missed heartbeats: the node is gone. */
const STALE_MS = 3 * HEARTBEAT_MS

interface NodeCount { room_id: string; node: string; count: number }

interface Registry {
  /** this registry's node id: one per process (per pub/sub in tests that simulate several nodes) */
  node: string
  counts: Map<number, number>
  /** signed-in listeners per room, with how many pages each has open */
  people: Map<number, Map<number, number>>
  /** other nodes' counts per room */
  remote: Map<number, Map<string, { count: number; at: number }>>
  timers: Map<number, NodeJS.Timeout>
  /** rooms whose count here changed since this node last told the others */
  dirty: Set<number>
  unsubscribe: () => void
  heartbeat: NodeJS.Timeout
}

const registries = new WeakMap<PubSub, Registry>()

function registryOf(pubsub: PubSub): Registry {
  let r = registries.get(pubsub)
  if (r) return r
  const reg: Registry = {
    node: randomBytes(6).toString('base64url'), counts: new Map(), people: new Map(), remote: new Map(), timers: new Map(), dirty: new Set(),
    unsubscribe: () => {}, heartbeat: setInterval(() => {
      for (const [roomId, count] of reg.counts) void pubsub.publish(channels.roomPresence, { room_id: String(roomId), node: reg.node, count } satisfies NodeCount).catch(() => {})
    }, HEARTBEAT_MS),
  }
  reg.heartbeat.unref()
  reg.unsubscribe = pubsub.subscribe(channels.roomPresence, (m) => {
    const n = m as NodeCount
    if (n.node === reg.node) return
    const roomId = Number(n.room_id)
    let nodes = reg.remote.get(roomId)
    if (!nodes) reg.remote.set(roomId, nodes = new Map())
    const before = nodes.get(n.node)?.count
    if (n.count > 0) nodes.set(n.node, { count: n.count, at: Date.now() })
    else nodes.delete(n.node)
    if (nodes.size === 0) reg.remote.delete(roomId)
    if (before !== n.count && reg.counts.has(roomId)) schedulePublish(pubsub, reg, roomId, false)
  })
  registries.set(pubsub, reg)
  return reg
}

function total(r: Registry, roomId: number): number {
  let n = r.counts.get(roomId) ?? 0
  const nodes = r.remote.get(roomId)
  if (!nodes) return n
  const now = Date.now()
  for (const [node, c] of nodes) {
    if (now - c.at > STALE_MS) nodes.delete(node)
    else n += c.count
  }
  if (nodes.size === 0) r.remote.delete(roomId)
  return n
}

function schedulePublish(pubsub: PubSub, r: Registry, roomId: number, changedHere: boolean): void {
  if (changedHere) r.dirty.add(roomId)
  if (r.timers.has(roomId)) return
  const t = setTimeout(() => {
    r.timers.delete(roomId)
    const mine = r.counts.get(roomId) ?? 0
    if (r.dirty.delete(roomId)) void pubsub.publish(channels.roomPresence, { room_id: String(roomId), node: r.node, count: mine } satisfies NodeCount).catch(() => {})
    void publishRoom({ pubsub }, roomId, { event: 'room.listeners', payload: { room_id: String(roomId), count: total(r, roomId), node: r.node } }).catch(() => {})
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
  schedulePublish(ctx.pubsub, r, roomId, true)
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
    schedulePublish(ctx.pubsub, r, roomId, true)
  }
}

/** Some signed-in listeners of a room counted by this node (the first `max` who came). */
export function listenersOf(ctx: { pubsub: PubSub }, roomId: number, max: number): number[] {
  const people = registryOf(ctx.pubsub).people.get(roomId)
  return people ? [...people.keys()].slice(0, max) : []
}

/** How many listeners a room has on all nodes (this node's count plus the others' latest). */
export function listenerCount(ctx: { pubsub: PubSub }, roomId: number): number {
  return total(registryOf(ctx.pubsub), roomId)
}

/** True when a `room.listeners` event is this node's own (pages hear only their node's total). */
export function isOwnCount(ctx: { pubsub: PubSub }, node: string): boolean {
  return registryOf(ctx.pubsub).node === node
}

/** Stops counting on this pub/sub (the process is closing). */
export function stopPresence(pubsub: PubSub): void {
  const r = registries.get(pubsub)
  if (!r) return
  clearInterval(r.heartbeat)
  for (const t of r.timers.values()) clearTimeout(t)
  r.unsubscribe()
  registries.delete(pubsub)
}
