// Hashtags: lookup, prefix search, per-day history and trends, computed from public posts.
import { sql } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { TagsTable } from '../../storage/schema.ts'
import { likePrefix } from './query.ts'

export type TagRow = TagsTable
/** One day of a tag's use: the day as a UNIX time string, posts and distinct authors as strings (Mastodon's TagHistory). */
export interface TagDay { day: string; uses: string; accounts: string }

const DAY = 86_400_000

/** The key a tag is stored under: lower-cased, without a leading '#'. */
export const tagKey = (name: string) => name.replace(/^#/, '').toLowerCase()

/** A name Mastodon accepts as a hashtag: letters, digits, marks and underscores, not only digits. */
export const isTagName = (name: string) => /^[\p{L}\p{M}\p{N}_]{1,100}$/u.test(name) && !/^[\p{N}_]+$/u.test(name)

const dayStart = (ms: number) => ms - (ms % DAY)

/** A tag by name (case-insensitive), or undefined. */
export function findTag(ctx: AppContext, name: string): Promise<TagRow | undefined> {
  return ctx.db.selectFrom('tags').selectAll().where('name', '=', tagKey(name)).executeTakeFirst()
}

/** Tags whose name starts with `prefix`, the most used first. */
export async function searchTags(ctx: AppContext, prefix: string, limit: number, offset: number): Promise<TagRow[]> {
  const key = tagKey(prefix)
  if (!key) return []
  return ctx.db.selectFrom('tags').selectAll('tags')
    .leftJoin('status_tags', 'status_tags.tag_id', 'tags.id')
    .where(sql<boolean>`tags.name like ${likePrefix(key)} escape '\\'`)
    .groupBy(['tags.id', 'tags.name', 'tags.display_name', 'tags.created_at'])
    // An exact match first, then the most used.
    .orderBy(sql`case when tags.name = ${key} then 0 else 1 end`)
    .orderBy(sql`count(status_tags.status_id)`, 'desc').orderBy('tags.name')
    .limit(limit).offset(offset).execute()
}

/** Per-day use of each tag over the last `days` days (today first), from public, not deleted posts. */
export async function tagHistories(ctx: AppContext, tagIds: number[], days = 7, now = Date.now()): Promise<Map<number, TagDay[]>> {
  const out = new Map<number, TagDay[]>()
  if (tagIds.length === 0) return out
  const start = dayStart(now) - (days - 1) * DAY
  // Literals, not parameters, so PostgreSQL sees the GROUP BY expression as the selected one.
  const bucket = sql<number>`(s.created_at - ${sql.lit(start)}) / ${sql.lit(DAY)}`
  const rows = await ctx.db.selectFrom('status_tags as st').innerJoin('statuses as s', 's.id', 'st.status_id')
    .select(['st.tag_id', bucket.as('b'), (eb) => eb.fn.countAll<number>().as('uses'), (eb) => eb.fn.count<number>('s.account_id').distinct().as('accounts')])
    .where('st.tag_id', 'in', [...new Set(tagIds)]).where('s.created_at', '>=', start)
    .where('s.visibility', '=', 'public').where('s.deleted_at', 'is', null)
    .groupBy(['st.tag_id', bucket]).execute()
  for (const id of tagIds) {
    const mine = rows.filter((r) => Number(r.tag_id) === id)
    const history: TagDay[] = []
    for (let i = days - 1; i >= 0; i--) {
      const r = mine.find((x) => Number(x.b) === i)
      history.push({ day: String((start + i * DAY) / 1000), uses: String(Number(r?.uses ?? 0)), accounts: String(Number(r?.accounts ?? 0)) })
    }
    out.set(id, history)
  }
  return out
}

/** Trending tags: used in public posts in the last week, ranked by how many people used them, then how often. */
export async function trendingTags(ctx: AppContext, limit: number, offset: number, now = Date.now()): Promise<TagRow[]> {
  return ctx.db.selectFrom('status_tags as st').innerJoin('statuses as s', 's.id', 'st.status_id').innerJoin('tags', 'tags.id', 'st.tag_id')
    .selectAll('tags')
    .where('s.created_at', '>=', now - 7 * DAY).where('s.visibility', '=', 'public').where('s.deleted_at', 'is', null)
    .where('s.reblog_of_id', 'is', null)
    .groupBy(['tags.id', 'tags.name', 'tags.display_name', 'tags.created_at'])
    .orderBy(sql`count(distinct s.account_id)`, 'desc').orderBy(sql`count(*)`, 'desc').orderBy('tags.name')
    .limit(limit).offset(offset).execute()
}

/** Recent public posts people interacted with most: ids, most favourited and reposted first. */
export async function trendingStatusIds(ctx: AppContext, limit: number, offset: number, now = Date.now()): Promise<number[]> {
  const rows = await ctx.db.selectFrom('statuses').select('id')
    .where('created_at', '>=', now - 7 * DAY).where('visibility', '=', 'public').where('deleted_at', 'is', null)
    .where('reblog_of_id', 'is', null).where((eb) => eb(eb('favourites_count', '+', eb.ref('reblogs_count')), '>', 0))
    .orderBy(sql`favourites_count + reblogs_count`, 'desc').orderBy('id', 'desc')
    .limit(limit).offset(offset).execute()
  return rows.map((r) => r.id)
}
