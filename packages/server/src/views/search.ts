// Mastodon's Search entity.
import type { AppContext } from '../context.ts'
import type { Viewer } from '../http/auth.ts'
import type { SearchResult } from '../services/search/search.ts'
import { renderAccountList } from './account-list.ts'
import { renderStatusesById } from './status.ts'
import { renderTags } from './tag.ts'

/** Renders a search result; posts go through the status view, which drops those the viewer may not see. */
export async function renderSearch(ctx: AppContext, viewer: Viewer | null, r: SearchResult) {
  const [accounts, hashtags, statuses] = await Promise.all([
    renderAccountList(ctx, r.accountIds),
    renderTags(ctx, r.tags, { withFollowing: viewer?.accountId != null }),
    renderStatusesById(ctx, viewer, r.statusIds),
  ])
  return { accounts, statuses, hashtags }
}
