// Who is streaming from this process. Fan-out renders a post once per recipient
// (each sees their own favourited/muted flags), which is too costly for thousands
// of followers: it renders only for recipients with a live "user" stream here, and
// only for lists with a live "list" stream here.
//
// The registry is per process and keyed by the context's pub/sub, which is shared
// by the HTTP app and the job workers of one process. With several nodes on a shared
// (Redis) pub/sub, the nodes also tell each other what they stream (presence-gossip.ts),
// so a job on any node renders for a reader streaming from any other.
import type { PubSub } from '../../storage/adapters/pubsub.ts'
import { startGossip, type Gossip } from './presence-gossip.ts'

/** Streaming connections one account may hold at once (Mastodon's web app opens one per tab). */
export const MAX_CONNECTIONS_PER_ACCOUNT = 32

export interface Presence {
  /** Counts a new connection; false (and nothing counted) when the account is at the cap. */
  connect(accountId: number): boolean
  disconnect(accountId: number): void
  /** Marks that a connection of this account receives its home timeline (stream "user"). */
  watchHome(accountId: number): void
  unwatchHome(accountId: number): void
  /** The given accounts that have a home stream open here. */
  watchingHome(accountIds: Iterable<number>): number[]
  /** Marks that a connection of the list's owner receives this list (stream "list"). */
  watchList(listId: number): void
  unwatchList(listId: number): void
  /** True when some list stream is open here (lets fan-out skip looking up lists). */
  anyListWatched(): boolean
  /** The given lists that have a stream open here. */
  watchingLists(listIds: Iterable<number>): number[]
}

const registries = new WeakMap<PubSub, Presence>()
const gossips = new WeakMap<PubSub, Gossip>()

function counter() {
  const m = new Map<number, number>()
  return {
    get: (k: number) => m.get(k) ?? 0,
    inc: (k: number) => { m.set(k, (m.get(k) ?? 0) + 1) },
    dec: (k: number) => { const n = (m.get(k) ?? 0) - 1; if (n > 0) m.set(k, n); else m.delete(k) },
    has: (k: number) => m.has(k),
    size: () => m.size,
    keys: () => [...m.keys()],
  }
}

/** The registry of local streaming subscribers for this process. */
export function presenceOf(ctx: { pubsub: PubSub }): Presence {
  let p = registries.get(ctx.pubsub)
  if (p) return p
  const connections = counter()
  const home = counter()
  const lists = counter()
  const gossip = ctx.pubsub.shared ? startGossip(ctx.pubsub, () => ({ home: home.keys(), lists: lists.keys() })) : null
  if (gossip) gossips.set(ctx.pubsub, gossip)
  // the other nodes hear only of an account's first home stream here and of its last one ending
  const watch = (c: ReturnType<typeof counter>, id: number, tell: ((id: number, on: boolean) => void) | undefined) => {
    c.inc(id)
    if (c.get(id) === 1) tell?.(id, true)
  }
  const unwatch = (c: ReturnType<typeof counter>, id: number, tell: ((id: number, on: boolean) => void) | undefined) => {
    c.dec(id)
    if (!c.has(id)) tell?.(id, false)
  }
  p = {
    connect(accountId) {
      if (connections.get(accountId) >= MAX_CONNECTIONS_PER_ACCOUNT) return false
      connections.inc(accountId)
      return true
    },
    disconnect: (accountId) => connections.dec(accountId),
    watchHome: (accountId) => watch(home, accountId, gossip?.changedHome),
    unwatchHome: (accountId) => unwatch(home, accountId, gossip?.changedHome),
    watchingHome(accountIds) {
      const out: number[] = []
      if (gossip) {
        for (const id of accountIds) if (home.has(id) || gossip.remoteHome(id)) out.push(id)
        return out
      }
      if (home.size() === 0) return []
      for (const id of accountIds) if (home.has(id)) out.push(id)
      return out
    },
    watchList: (listId) => watch(lists, listId, gossip?.changedList),
    unwatchList: (listId) => unwatch(lists, listId, gossip?.changedList),
    anyListWatched: () => lists.size() > 0 || !!gossip?.anyRemoteList(),
    watchingLists(listIds) {
      const out: number[] = []
      if (lists.size() > 0 || gossip?.anyRemoteList()) for (const id of listIds) if (lists.has(id) || gossip?.remoteList(id)) out.push(id)
      return out
    },
  }
  registries.set(ctx.pubsub, p)
  return p
}

/** Stops telling other nodes what this process streams (the process is closing). */
export function stopStreamingPresence(pubsub: PubSub): void {
  gossips.get(pubsub)?.stop()
  gossips.delete(pubsub)
  registries.delete(pubsub)
}
