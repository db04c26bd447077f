// Who streams on the other nodes. Fan-out renders a post only for readers with a live
// home (or list) stream, and the job doing it may run on any node, so with a shared
// pub/sub each node tells the others which accounts and lists it streams to: a change
// at once (batched over a few milliseconds), everything every few seconds (which also
// repairs anything lost and says the node is alive), and everything again when a node
// says hello (it just started or reconnected). A node not heard from is forgotten.
//
// Gossip rather than a shared Redis set: the questions fan-out asks stay synchronous and
// in memory (no round trip per post), and it works over any shared pub/sub.
import { randomBytes } from 'node:crypto'
import type { PubSub } from '../../storage/adapters/pubsub.ts'

const CHANNEL = 'streaming:presence'
const FLUSH_MS = 20
const SNAPSHOT_MS = 5_000
const STALE_MS = 4 * SNAPSHOT_MS

interface Message {
  node: string
  /** "full": the sender's whole state; "delta": what changed; "hello": please send your state */
  kind: 'full' | 'delta' | 'hello'
  home?: number[]
  lists?: number[]
  homeGone?: number[]
  listsGone?: number[]
}

interface Remote { home: Set<number>; lists: Set<number>; at: number }

/** What other nodes stream; `local` lists what this node streams, for its snapshots. */
export interface Gossip {
  changedHome(accountId: number, watching: boolean): void
  changedList(listId: number, watching: boolean): void
  remoteHome(accountId: number): boolean
  remoteList(listId: number): boolean
  anyRemoteList(): boolean
  stop(): void
}

/** Starts telling and hearing the other nodes on `pubsub`. */
export function startGossip(pubsub: PubSub, local: () => { home: number[]; lists: number[] }): Gossip {
  const node = randomBytes(6).toString('base64url')
  const remotes = new Map<string, Remote>()
  const pending = { home: new Map<number, boolean>(), lists: new Map<number, boolean>() }
  let flushTimer: NodeJS.Timeout | null = null
  let answerTimer: NodeJS.Timeout | null = null
  const send = (m: Message) => { void pubsub.publish(CHANNEL, m).catch(() => {}) }
  const snapshot = () => { const l = local(); send({ node, kind: 'full', home: l.home, lists: l.lists }) }

  function flush() {
    flushTimer = null
    const pick = (m: Map<number, boolean>, on: boolean) => [...m].filter(([, w]) => w === on).map(([id]) => id)
    send({ node, kind: 'delta', home: pick(pending.home, true), homeGone: pick(pending.home, false), lists: pick(pending.lists, true), listsGone: pick(pending.lists, false) })
    pending.home.clear()
    pending.lists.clear()
  }
  const schedule = () => { flushTimer ??= setTimeout(flush, FLUSH_MS) }

  const unsubscribe = pubsub.subscribe(CHANNEL, (raw) => {
    const m = raw as Message
    if (m.node === node) return
    if (m.kind === 'hello') {
      // many nodes start at once after a deploy: one answer covers several hellos
      answerTimer ??= setTimeout(() => { answerTimer = null; snapshot() }, 50 + Math.random() * 100)
      return
    }
    let r = remotes.get(m.node)
    if (m.kind === 'full' || !r) remotes.set(m.node, r = { home: new Set(), lists: new Set(), at: 0 })
    r.at = Date.now()
    m.home?.forEach((id) => r.home.add(id))
    m.lists?.forEach((id) => r.lists.add(id))
    m.homeGone?.forEach((id) => r.home.delete(id))
    m.listsGone?.forEach((id) => r.lists.delete(id))
  })
  const hello = () => { send({ node, kind: 'hello' }); snapshot() }
  const offGap = pubsub.onGap?.(() => { remotes.clear(); hello() }) ?? (() => {})
  hello()
  // the first hello may go out before this node's own subscription is live: ask once more
  const again = setTimeout(hello, 1500)
  again.unref()
  const heartbeat = setInterval(() => {
    snapshot()
    const now = Date.now()
    for (const [id, r] of remotes) if (now - r.at > STALE_MS) remotes.delete(id)
  }, SNAPSHOT_MS)
  heartbeat.unref()

  const any = (f: (r: Remote) => boolean) => { for (const r of remotes.values()) if (f(r)) return true; return false }
  return {
    changedHome(id, watching) { pending.home.set(id, watching); schedule() },
    changedList(id, watching) { pending.lists.set(id, watching); schedule() },
    remoteHome: (id) => any((r) => r.home.has(id)),
    remoteList: (id) => any((r) => r.lists.has(id)),
    anyRemoteList: () => any((r) => r.lists.size > 0),
    stop() {
      for (const t of [flushTimer, answerTimer, again]) if (t) clearTimeout(t)
      clearInterval(heartbeat)
      unsubscribe()
      offGap()
    },
  }
}
