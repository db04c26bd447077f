// Reads through the caches: what is cached is answered from memory, the misses are
// read from the database in one query per table for the whole batch and kept.
import { sql, type Kysely } from 'kysely'
import type { AccountsTable, Database, MediaAttachmentsTable, StatusesTable } from '../schema.ts'
import type { AppName, Caches, FeedHead, PostingDefaults, Relations, StatusEntry } from './index.ts'
import type { KeyedCache } from './keyed.ts'
import type { Tracker } from './pages.ts'

// Records what a tracked render read (see pages.ts); the last value read for a key is the one it used.
function used<K extends {}, V extends {}>(c: CacheReader, cache: KeyedCache<K, V>, key: K, value: V | undefined): void {
  c.tracker?.use(cache, key, value)
}

export interface CacheReader { db: Kysely<Database>; cache: Caches; tracker?: Tracker }

/** Entries of a home feed's head kept in memory: deeper pages read the database. */
export const FEED_HEAD = 200
/** Marks remembered per reader; past this the reader's marks start again from empty. */
const MARKS_PER_READER = 2_000

export const MARK = { favourited: 1, reblogged: 2, bookmarked: 4, pinned: 8 } as const
const bit = (n: number) => sql<number>`${sql.lit(n)}`.as('bit')

/** Tells a tracked render (pages.ts) that it read something no cache entry stands for. */
export function readUncached(c: object): void {
  (c as CacheReader).tracker?.uncacheable()
}

/** Tells a tracked render that what it read stays true only until `ms`. */
export function trueUntil(c: object, ms: number): void {
  (c as CacheReader).tracker?.validUntil(ms)
}

/** What the cache holds of these ids, and the ids to read from the database. */
function split<V extends {}>(c: CacheReader, cache: KeyedCache<number, V>, ids: Iterable<number>): { out: Map<number, V>; misses: number[] } {
  const out = new Map<number, V>()
  const misses: number[] = []
  for (const id of new Set(ids)) {
    const hit = cache.get(id)
    used(c, cache, id, hit)
    if (hit) out.set(id, hit)
    else misses.push(id)
  }
  return { out, misses }
}

/** Accounts by id (missing ones absent). */
export async function accountRows(c: CacheReader, ids: Iterable<number>): Promise<Map<number, AccountsTable>> {
  const { out, misses } = split(c, c.cache.accounts, ids)
  if (misses.length === 0) return out
  const mark = c.cache.accounts.mark()
  const rows = await c.db.selectFrom('accounts').selectAll().where('id', 'in', misses).execute()
  for (const r of rows) { out.set(r.id, r); c.cache.accounts.set(r.id, r, mark); used(c, c.cache.accounts, r.id, r) }
  return out
}

/** Posts by id with their mentions, tags and app (missing ones absent; deleted ones present, marked deleted). */
export async function statusEntries(c: CacheReader, ids: Iterable<number>): Promise<Map<number, StatusEntry>> {
  const { out, misses } = split(c, c.cache.statuses, ids)
  if (misses.length === 0) return out
  const mark = c.cache.statuses.mark()
  const rows = await c.db.selectFrom('statuses').selectAll().where('id', 'in', misses).execute()
  if (rows.length === 0) return out
  const found = rows.map((r) => r.id)
  const withMedia = rows.filter((r) => r.media_ids !== null).map((r) => r.id)
  const cardIds = [...new Set(rows.map((r) => r.card_id).filter((x): x is number => x !== null))]
  const [mentionRows, tagRows, apps, mediaRows, cardRows] = await Promise.all([
    c.db.selectFrom('mentions').select(['status_id', 'account_id']).where('status_id', 'in', found).execute(),
    c.db.selectFrom('status_tags as st').innerJoin('tags as t', 't.id', 'st.tag_id')
      .select(['st.status_id', 't.name']).where('st.status_id', 'in', found).execute(),
    appNames(c, rows.map((r) => r.application_id).filter((x): x is number => x !== null)),
    withMedia.length ? c.db.selectFrom('media_attachments').selectAll().where('status_id', 'in', withMedia).execute() : [],
    cardIds.length ? c.db.selectFrom('preview_cards').selectAll().where('id', 'in', cardIds).execute() : [],
  ])
  const cards = new Map(cardRows.map((k) => [k.id, k]))
  for (const r of rows) {
    const entry: StatusEntry = {
      row: r,
      mentions: mentionRows.filter((m) => m.status_id === r.id).map((m) => m.account_id),
      tags: tagRows.filter((t) => t.status_id === r.id).map((t) => t.name),
      app: r.application_id !== null ? apps.get(r.application_id) ?? null : null,
      media: inOrder(r, mediaRows),
      card: r.card_id !== null ? cards.get(r.card_id) ?? null : null,
    }
    out.set(r.id, entry)
    c.cache.statuses.set(r.id, entry, mark)
    used(c, c.cache.statuses, r.id, entry)
  }
  return out
}

/** A post's attachments in the order of its `media_ids` (only those it really took). */
export function inOrder(row: StatusesTable, media: MediaAttachmentsTable[]): MediaAttachmentsTable[] {
  if (row.media_ids === null) return []
  const mine = new Map(media.filter((m) => m.status_id === row.id).map((m) => [m.id, m]))
  return (JSON.parse(row.media_ids) as number[]).map((id) => mine.get(id)).filter((m): m is MediaAttachmentsTable => !!m)
}

/** A person's posting defaults; null when the account has no user (or none exists). */
export async function postingDefaults(c: CacheReader, accountId: number): Promise<PostingDefaults | null> {
  const hit = c.cache.defaults.get(accountId)
  if (hit) return hit
  const mark = c.cache.defaults.mark()
  const u = await c.db.selectFrom('users').select(['default_privacy', 'default_sensitive', 'default_language'])
    .where('account_id', '=', accountId).executeTakeFirst()
  if (!u) return null
  const d: PostingDefaults = { privacy: u.default_privacy, sensitive: !!u.default_sensitive, language: u.default_language }
  c.cache.defaults.set(accountId, d, mark)
  return d
}

/** Apps' public names by id. */
export async function appNames(c: CacheReader, ids: number[]): Promise<Map<number, AppName>> {
  const { out, misses } = split(c, c.cache.apps, ids)
  if (misses.length === 0) return out
  const mark = c.cache.apps.mark()
  const rows = await c.db.selectFrom('apps').select(['id', 'name', 'website']).where('id', 'in', misses).execute()
  for (const a of rows) {
    const app = { name: a.name, website: a.website }
    out.set(a.id, app)
    c.cache.apps.set(a.id, app, mark)
  }
  return out
}

/**
 * Puts a post just written into the cache with what its writer knows (mentions, tags),
 * so that answering the request that created it reads nothing back. `mark` is taken
 * before the write.
 */
export async function primeStatus(c: CacheReader, row: StatusesTable, mentions: number[], tags: string[], mark: number, media: MediaAttachmentsTable[] = []): Promise<void> {
  const app = row.application_id !== null ? (await appNames(c, [row.application_id])).get(row.application_id) ?? null : null
  c.cache.statuses.set(row.id, { row, mentions, tags: [...new Set(tags.map((t) => t.toLowerCase()))], app, media, card: null }, mark)
}

/**
 * Records that a reader has no marks on a post just written (nobody has liked it yet),
 * in place: adding a post nobody has marked changes nothing any kept page shows.
 */
export function noMarksYet(c: CacheReader, me: number, statusId: number): void {
  const known = c.cache.marks.peek(me)
  if (known && known.bits.size < MARKS_PER_READER) known.bits.set(statusId, 0)
}

/** A reader's follows, blocks (both ways), mutes and muted threads. */
export async function relationsOf(c: CacheReader, me: number): Promise<Relations> {
  const hit = c.cache.relations.get(me)
  used(c, c.cache.relations, me, hit)
  if (hit) return hit
  const mark = c.cache.relations.mark()
  // One query, one round trip: `kind` says which relation each row is.
  const kind = (k: number) => sql<number>`${sql.lit(k)}`.as('kind')
  const none = sql<number | null>`CAST(NULL AS BIGINT)`.as('until')
  const rows = await c.db.selectFrom('follows').select(['target_account_id as id', kind(0), none]).where('account_id', '=', me)
    .unionAll(c.db.selectFrom('blocks').select(['target_account_id as id', kind(1), none]).where('account_id', '=', me))
    .unionAll(c.db.selectFrom('blocks').select(['account_id as id', kind(2), none]).where('target_account_id', '=', me))
    .unionAll(c.db.selectFrom('mutes').select(['target_account_id as id', kind(3), 'expires_at as until']).where('account_id', '=', me))
    .unionAll(c.db.selectFrom('conversation_mutes').select(['conversation_id as id', kind(4), none]).where('account_id', '=', me))
    .execute()
  const rel: Relations = { following: new Set(), blocking: new Set(), blockedBy: new Set(), muting: new Map(), mutedConversations: new Set() }
  for (const r of rows) {
    const id = Number(r.id)
    switch (Number(r.kind)) {
      case 0: rel.following.add(id); break
      case 1: rel.blocking.add(id); break
      case 2: rel.blockedBy.add(id); break
      case 3: rel.muting.set(id, r.until === null ? null : Number(r.until)); break
      default: rel.mutedConversations.add(id)
    }
  }
  c.cache.relations.set(me, rel, mark)
  used(c, c.cache.relations, me, rel)
  return rel
}

/** A reader's marks (MARK bits) on these posts. */
export async function marksOf(c: CacheReader, me: number, statusIds: number[]): Promise<Map<number, number>> {
  const known = c.cache.marks.get(me)
  used(c, c.cache.marks, me, known)
  const misses = [...new Set(known ? statusIds.filter((id) => !known.bits.has(id)) : statusIds)]
  if (misses.length === 0) return known!.bits
  const mark = c.cache.marks.mark()
  const db = c.db
  const rows = await db.selectFrom('favourites').select(['status_id as id', bit(MARK.favourited)])
    .where('account_id', '=', me).where('status_id', 'in', misses)
    .unionAll(db.selectFrom('statuses').select((eb) => [eb.ref('reblog_of_id').$castTo<number>().as('id'), bit(MARK.reblogged)])
      .where('account_id', '=', me).where('reblog_of_id', 'in', misses).where('deleted_at', 'is', null))
    .unionAll(db.selectFrom('bookmarks').select(['status_id as id', bit(MARK.bookmarked)])
      .where('account_id', '=', me).where('status_id', 'in', misses))
    .unionAll(db.selectFrom('pins').select(['status_id as id', bit(MARK.pinned)])
      .where('account_id', '=', me).where('status_id', 'in', misses))
    .execute()
  // A fresh map, never the cached one mutated: a concurrent drop must not be undone by a late fill.
  const bits = new Map(known && known.bits.size + misses.length <= MARKS_PER_READER ? known.bits : [])
  for (const id of misses) bits.set(id, 0)
  for (const r of rows) bits.set(Number(r.id), (bits.get(Number(r.id)) ?? 0) | Number(r.bit))
  const entry = { bits }
  c.cache.marks.set(me, entry, mark)
  used(c, c.cache.marks, me, entry)
  return bits
}

/** The newest FEED_HEAD entries of a home feed. */
export async function feedHead(c: CacheReader, me: number): Promise<FeedHead> {
  const hit = c.cache.feeds.get(me)
  used(c, c.cache.feeds, me, hit)
  if (hit) return hit
  const mark = c.cache.feeds.mark()
  // Another node may have read this feed already: its head in Redis spares the database.
  const fromShared = c.cache.shared ? await c.cache.shared.get(me).catch(() => null) : null
  if (fromShared?.head) {
    c.cache.feeds.set(me, fromShared.head, mark)
    used(c, c.cache.feeds, me, fromShared.head)
    return fromShared.head
  }
  const rows = await c.db.selectFrom('home_feed').select('status_id').where('account_id', '=', me)
    .orderBy('status_id', 'desc').limit(FEED_HEAD).execute()
  const head: FeedHead = { ids: rows.map((r) => r.status_id), complete: rows.length < FEED_HEAD }
  if (fromShared) void c.cache.shared!.put(me, head, fromShared.gen).catch(() => {})
  c.cache.feeds.set(me, head, mark)
  used(c, c.cache.feeds, me, head)
  return head
}
