// Answers a home skeleton read from the cached head of the feed when the head is
// enough to answer it exactly, the same entries the database would return.
import type { FeedHead } from '../../storage/cache/index.ts'
import type { SkeletonBounds } from '../../storage/repos/home-feed.ts'

/** The entries strictly inside the bounds, in the bounds' order, or null when the head cannot tell. */
export function readFromHead(head: FeedHead, b: SkeletonBounds): number[] | null {
  const ids = head.ids // newest first
  const inside = (id: number) => (b.maxId === null || id < b.maxId) && (b.minId === null || id > b.minId)
  if (!b.ascending) {
    const out: number[] = []
    let i = 0
    while (i < ids.length && b.maxId !== null && ids[i] >= b.maxId) i++
    for (; i < ids.length && out.length < b.limit; i++) {
      if (b.minId !== null && ids[i] <= b.minId) return out // reached the lower bound: nothing older qualifies
      out.push(ids[i])
    }
    return out.length === b.limit || head.complete ? out : null
  }
  // Oldest first from minId: the head must reach down to minId (or hold the whole feed).
  const oldest = ids.length ? ids[ids.length - 1] : null
  const reaches = head.complete || (b.minId !== null && oldest !== null && oldest <= b.minId)
  if (!reaches) return null
  const out: number[] = []
  for (let i = ids.length - 1; i >= 0 && out.length < b.limit; i--) if (inside(ids[i])) out.push(ids[i])
  return out
}
