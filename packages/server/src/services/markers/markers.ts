// Read positions in the home timeline and the notifications list, shared by a person's devices.
import { sql } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { MarkersTable } from '../../storage/schema.ts'

export type Timeline = MarkersTable['timeline']
export const TIMELINES: readonly Timeline[] = ['home', 'notifications']

/** My markers for these timelines (those never set are absent, as in Mastodon). */
export async function getMarkers(ctx: AppContext, me: number, timelines: Timeline[]): Promise<MarkersTable[]> {
  const wanted = timelines.filter((t) => TIMELINES.includes(t))
  if (wanted.length === 0) return []
  return ctx.db.selectFrom('markers').selectAll().where('account_id', '=', me).where('timeline', 'in', wanted).execute()
}

/** Moves my markers; each write bumps the marker's version so clients can detect a concurrent change. */
export async function setMarkers(ctx: AppContext, me: number, positions: Partial<Record<Timeline, number>>): Promise<MarkersTable[]> {
  const now = Date.now()
  const set = TIMELINES.filter((t) => positions[t] !== undefined)
  for (const timeline of set) {
    const lastReadId = positions[timeline]!
    await ctx.db.insertInto('markers').values({ account_id: me, timeline, last_read_id: lastReadId, version: 1, updated_at: now })
      .onConflict((c) => c.columns(['account_id', 'timeline']).doUpdateSet({ last_read_id: lastReadId, version: sql<number>`markers.version + 1`, updated_at: now }))
      .execute()
  }
  return getMarkers(ctx, me, set)
}

/** The last read id of one of my markers, or null when never set. */
export async function lastReadId(ctx: AppContext, me: number, timeline: Timeline): Promise<number | null> {
  const row = await ctx.db.selectFrom('markers').select('last_read_id').where('account_id', '=', me).where('timeline', '=', timeline).executeTakeFirst()
  return row?.last_read_id ?? null
}
