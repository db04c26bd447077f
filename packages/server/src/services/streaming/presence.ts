// Who is streaming from this process. Fan-out renders a post once per recipient
// (each sees their own favourited/muted flags), which is too costly for thousands
// of followers: it renders only for recipients with a live "user" stream here, and
// only for lists with a live "list" stream here.
//
// The registry is per process and keyed by the context's pub/sub, which is shared
// by the HTTP app and the job workers of one process. With several nodes on Redis
// pub/sub, this registry must move to the shared key-value store (a set of account
// ids with a short TTL refreshed by each node), or fan-out must publish to all.
import type { PubSub } from '../../storage/adapters/pubsub.ts'

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

function counter() {
  const m = new Map<number, number>()
  return {
    get: (k: number) => m.get(k) ?? 0,
    inc: (k: number) => { m.set(k, (m.get(k) ?? 0) + 1) },
    dec: (k: number) => { const n = (m.get(k) ?? 0) - 1; if (n > 0) m.set(k, n); else m.delete(k) },
    has: (k: number) => m.has(k),
    size: () => m.size,
  }
}

/** The registry of local streaming subscribers for this process. */
export function presenceOf(ctx: { pubsub: PubSub }): Presence {
  let p = registries.get(ctx.pubsub)
  if (p) return p
  const connections = counter()
  const home = counter()
  const lists = counter()
  p = {
    connect(accountId) {
      if (connections.get(accountId) >= MAX_CONNECTIONS_PER_ACCOUNT) return false
      connections.inc(accountId)
      return true
    },
    disconnect: (accountId) => connections.dec(accountId),
    watchHome: (accountId) => home.inc(accountId),
    unwatchHome: (accountId) => home.dec(accountId),
    watchingHome(accountIds) {
      if (home.size() === 0) return []
      const out: number[] = []
      for (const id of accountIds) if (home.has(id)) out.push(id)
      return out
    },
    watchList: (listId) => lists.inc(listId),
    unwatchList: (listId) => lists.dec(listId),
    anyListWatched: () => lists.size() > 0,
    watchingLists(listIds) {
      const out: number[] = []
      if (lists.size() > 0) for (const id of listIds) if (lists.has(id)) out.push(id)
      return out
    },
  }
  registries.set(ctx.pubsub, p)
  return p
}
