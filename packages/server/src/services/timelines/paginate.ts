// Fills one Mastodon page from a skeleton source whose entries the renderer may
// drop (blocks, mutes, deleted or invisible posts). Reads in rounds until the page
// is full or the source is exhausted, and returns a prefix of the source's order,
// so consecutive pages never skip or repeat an entry the viewer can see.
import type { Page } from '../../http/pagination.ts'
import type { SkeletonBounds } from '../../storage/repos/home-feed.ts'
import type { StatusJson } from '../../views/status.ts'

/** One skeleton entry: `key` orders and pages it (a status id, or a favourite's id), `id` is the post to show. */
export interface SkeletonEntry { key: number; id: number }

/** Reads entries strictly inside the bounds, ordered by key in the bounds' direction. */
export type SkeletonSource = (b: SkeletonBounds) => Promise<SkeletonEntry[]>

/** A rendered page, newest first, with each post's page key (for the Link header). */
export interface TimelinePage { statuses: StatusJson[]; keys: number[] }

const MAX_ROUNDS = 6

/** Reads a page: skeleton → render (which drops what the viewer may not see) → repeat until full. */
export async function collectPage(page: Page, source: SkeletonSource, render: (ids: number[]) => Promise<StatusJson[]>): Promise<TimelinePage> {
  const ascending = page.minId !== null
  let maxId = page.maxId
  let minId = Math.max(page.sinceId ?? -1, page.minId ?? -1)
  // Most entries survive rendering: a small margin usually fills the page in one round
  // without hydrating many posts that would be thrown away.
  const batch = Math.min(page.limit + Math.max(5, Math.ceil(page.limit / 4)), 80)
  const out: { key: number; status: StatusJson }[] = []
  for (let round = 0; round < MAX_ROUNDS && out.length < page.limit; round++) {
    const entries = await source({ maxId, minId: minId >= 0 ? minId : null, ascending, limit: batch })
    if (entries.length === 0) break
    const rendered = await render(entries.map((e) => e.id))
    const byId = new Map(rendered.map((s) => [s.id, s]))
    for (const e of entries) {
      const s = byId.get(String(e.id))
      if (!s) continue
      out.push({ key: e.key, status: s })
      if (out.length === page.limit) break
    }
    if (entries.length < batch) break
    const last = entries[entries.length - 1].key
    if (ascending) minId = last
    else maxId = last
  }
  if (ascending) out.reverse()
  return { statuses: out.map((o) => o.status), keys: out.map((o) => o.key) }
}
