// Who reposted or liked a visible post, a page at a time.
import type { AppContext } from '../../context.ts'
import type { Viewer } from '../../http/auth.ts'
import { newestFirst, pageQuery, type Page } from '../../http/pagination.ts'
import { pageOfReblogs } from '../../storage/repos/statuses.ts'
import { pageOfFavourites } from '../../storage/repos/interactions.ts'
import { visibleOriginal } from './visible.ts'

/** A page of accounts with the key of each row (for the Link header). */
export interface AccountPage { accountIds: number[]; keys: number[] }

/** Accounts that reposted a post, newest first. */
export async function rebloggedBy(ctx: AppContext, viewer: Viewer | null, rawId: unknown, page: Page): Promise<AccountPage> {
  const s = await visibleOriginal(ctx, viewer, rawId)
  const rows = newestFirst(page, await pageQuery(pageOfReblogs(ctx.db, s.id), 'id', page).execute())
  return { accountIds: rows.map((r) => r.account_id), keys: rows.map((r) => r.id) }
}

/** Accounts that liked a post, newest first. */
export async function favouritedBy(ctx: AppContext, viewer: Viewer | null, rawId: unknown, page: Page): Promise<AccountPage> {
  const s = await visibleOriginal(ctx, viewer, rawId)
  const rows = newestFirst(page, await pageQuery(pageOfFavourites(ctx.db, s.id), 'id', page).execute())
  return { accountIds: rows.map((r) => r.account_id), keys: rows.map((r) => r.id) }
}
