// Mastodon's Tag entity.
import type { AppContext } from '../context.ts'
import { tagHistories, type TagDay, type TagRow } from '../services/search/tags.ts'

export interface TagJson { id: string; name: string; url: string; history: TagDay[]; following?: boolean }

/** Renders tags with their week of history (one query for all); `following` only for a signed-in viewer. */
export async function renderTags(ctx: AppContext, tags: Pick<TagRow, 'id' | 'name' | 'display_name'>[], opts: { withFollowing?: boolean } = {}): Promise<TagJson[]> {
  const histories = await tagHistories(ctx, tags.map((t) => t.id).filter((id) => id > 0))
  return tags.map((t) => ({
    id: t.id > 0 ? String(t.id) : '',
    name: t.display_name,
    url: `${ctx.config.publicUrl}/tags/${encodeURIComponent(t.name)}`,
    history: histories.get(t.id) ?? [],
    // Following hashtags is not implemented yet: nobody follows one.
    ...(opts.withFollowing ? { following: false } : {}),
  }))
}
