// What Phare keeps in memory so that reading a timeline asks the database little or
// nothing: tokens, accounts, posts, each reader's relationships and marks, and the
// head of each home feed. Every write that changes one of these says so with
// `changed()` AFTER its transaction commits; the drop is published so that other
// nodes sharing the database drop it too.
import type { PubSub } from '../adapters/pubsub.ts'
import type { AccountsTable, MediaAttachmentsTable, PreviewCardsTable, StatusesTable } from '../schema.ts'
import type { Viewer } from '../../http/auth.ts'
import { keyedCache, type KeyedCache } from './keyed.ts'
import { pageCache, type PageCache } from './pages.ts'
import type { SharedFeeds } from './redis-feeds.ts'

/** A post as stored, with what rendering it needs and never changes without an edit. */
export interface StatusEntry {
  row: StatusesTable
  mentions: number[]
  tags: string[]
  app: AppName | null
  /** attachments in the author's order */
  media: MediaAttachmentsTable[]
  card: PreviewCardsTable | null
}

/** One reader's relationships, for visibility and muting. */
export interface Relations {
  following: Set<number>
  blocking: Set<number>
  blockedBy: Set<number>
  /** muted accounts and when the mute ends (null: never) */
  muting: Map<number, number | null>
  mutedConversations: Set<number>
}

/** One reader's marks on posts: bit 1 liked, 2 reposted, 4 bookmarked, 8 pinned. Only posts looked up so far. */
export interface Marks { bits: Map<number, number> }

/** A person's posting defaults (their `source` settings). */
export interface PostingDefaults { privacy: 'public' | 'unlisted' | 'private' | 'direct'; sensitive: boolean; language: string | null }

/** What a post shows of the app it was written with. */
export interface AppName { name: string; website: string | null }

/** The newest entries of one home feed, newest first; `complete` when the feed has no more. */
export interface FeedHead { ids: number[]; complete: boolean }

/** What a write changed, by kind and id. */
export interface Changes {
  accounts?: number[]
  statuses?: number[]
  /** readers whose follows, blocks, mutes (or who blocks them) changed */
  relations?: number[]
  /** readers whose likes, reposts, bookmarks or pins changed */
  marks?: number[]
  /** readers whose home feed changed */
  feeds?: number[]
  /** of those, the feeds whose only change is this new post (the shared heads in Redis take it instead of being dropped) */
  feedsAdded?: { statusId: number; accountIds: number[] }
  /** hashes of tokens revoked, or true when any account's ability to sign in changed */
  tokens?: string[] | true
  /** something every page may depend on changed (an account became too big to fan out) */
  pages?: true
}

/** A rendered timeline page: the JSON body and each post's page key (for the Link header). */
export interface RenderedPage {
  body: Buffer
  keys: number[]
  /** Link headers made for this page, by request URL (the same page is mostly asked for the same way) */
  links?: Map<string, string | null>
}

export interface Caches {
  tokens: KeyedCache<string, Viewer>
  accounts: KeyedCache<number, AccountsTable>
  statuses: KeyedCache<number, StatusEntry>
  relations: KeyedCache<number, Relations>
  marks: KeyedCache<number, Marks>
  feeds: KeyedCache<number, FeedHead>
  /** a person's posting defaults, by account id (dropped with the account) */
  defaults: KeyedCache<number, PostingDefaults>
  /** OAuth apps' public names (an app never changes) */
  apps: KeyedCache<number, AppName>
  /** rendered home pages by reader and bounds */
  pages: PageCache<RenderedPage>
  /** Drops what a committed write made stale, here and on every node. */
  changed(c: Changes): void
  /** Home-feed heads shared by every node (Redis), when configured. */
  shared?: SharedFeeds
}

const CHANNEL = 'cache.changed'

/** Sizes fit the 400 MB budget of one node serving 10,000 active readers. */
export function createCaches(pubsub: PubSub, shared?: SharedFeeds): Caches & { close(): void } {
  const caches = {
    tokens: keyedCache<string, Viewer>(20_000),
    accounts: keyedCache<number, AccountsTable>(20_000),
    // A post with its text and HTML is 1-2 KB. Kept pages stay valid when their posts are
    // evicted (only a drop makes them stale), so this needs to hold what is being rendered, not all that is kept.
    statuses: keyedCache<number, StatusEntry>(10_000),
    relations: keyedCache<number, Relations>(10_000),
    marks: keyedCache<number, Marks>(10_000),
    feeds: keyedCache<number, FeedHead>(10_000),
    apps: keyedCache<number, AppName>(5_000),
    defaults: keyedCache<number, PostingDefaults>(10_000),
    // A 20-post page is about 30 KB: 32 MB keeps the last ~1,000 readers' first pages.
    pages: pageCache<RenderedPage>(32 * 1024 * 1024, (p) => p.body.length + 8 * p.keys.length, () => drops),
  }
  let drops = 0
  const drop = (c: Changes) => {
    drops++
    for (const id of c.accounts ?? []) { caches.accounts.drop(id); caches.defaults.drop(id) }
    for (const id of c.statuses ?? []) caches.statuses.drop(id)
    for (const id of c.relations ?? []) caches.relations.drop(id)
    for (const id of c.marks ?? []) caches.marks.drop(id)
    for (const id of c.feeds ?? []) caches.feeds.drop(id)
    if (c.pages) caches.pages.clear()
    if (c.tokens === true) caches.tokens.clear()
    else for (const h of c.tokens ?? []) caches.tokens.drop(h)
  }
  const unsubscribe = pubsub.subscribe(CHANNEL, (m) => drop(m as Changes))
  // Drops published while this node was cut off from the others never arrive: forget everything.
  const offGap = pubsub.onGap?.(() => {
    drops++
    for (const c of Object.values(caches)) c.clear()
  }) ?? (() => {})
  // Feeds whose shared head could not be updated (Redis unreachable): dropped again until it works,
  // so that a head in Redis never outlives a change it missed.
  const unsure = new Set<number>()
  let retry: NodeJS.Timeout | null = null
  const retryDrops = () => {
    retry = null
    const ids = [...unsure]
    unsure.clear()
    void shared!.drop(ids).catch(() => { ids.forEach((id) => unsure.add(id)); retry ??= setTimeout(retryDrops, 1000) })
  }
  /** Brings the shared heads in line with a committed change; resolves when done (or given up on, for a later retry). */
  async function updateShared(c: Changes): Promise<void> {
    if (!shared || !c.feeds?.length) return
    const added = new Set(c.feedsAdded?.accountIds ?? [])
    const dropped = c.feeds.filter((id) => !added.has(id))
    try {
      await Promise.all([
        added.size ? shared.add([...added].map((accountId) => ({ accountId, statusId: c.feedsAdded!.statusId }))) : null,
        dropped.length ? shared.drop(dropped) : null,
      ])
    } catch {
      c.feeds.forEach((id) => unsure.add(id))
      retry ??= setTimeout(retryDrops, 1000)
    }
  }
  return {
    ...caches,
    shared,
    changed(c) {
      // Dropped here at once; the message reaches other nodes (and this one again, harmlessly).
      drop(c)
      if (!shared || !c.feeds?.length) {
        void pubsub.publish(CHANNEL, c).catch(() => {})
        return
      }
      // With shared heads, the nodes are told once Redis has the change: a node re-reading the
      // head after the drop must find the new one. Dropped here again for readers that read
      // Redis in between.
      void updateShared(c).finally(() => {
        drop(c)
        void pubsub.publish(CHANNEL, c).catch(() => {})
      })
    },
    close() {
      unsubscribe()
      offGap()
      if (retry) clearTimeout(retry)
      void shared?.close()
    },
  }
}
