// Lists of accounts: followers, following, requests, blocks, mutes, familiar followers.
// Each page is keyed by the relation row's id (what the Link header carries), not the account's.
import type { SelectQueryBuilder } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { Database } from '../../storage/schema.ts'
import { newestFirst, pageQuery, type Page } from '../../http/pagination.ts'
import { pageOfFollows, pageOfRequests } from '../../storage/repos/follows.ts'
import { pageOfMutes } from '../../storage/repos/mutes.ts'
import { blockedEitherWay, pageOfBlocks } from '../../storage/repos/blocks.ts'
import { targetAccount } from './rules.ts'

/** A page of accounts: `keys` for the Link header (relation ids, newest first), `accountIds` in the same order. */
export interface AccountPage { keys: number[]; accountIds: number[]; hasMore: boolean }

async function run<T extends keyof Database>(qb: SelectQueryBuilder<Database, T, { id: number; other_id: number }>, page: Page): Promise<AccountPage> {
  const rows = newestFirst(page, await pageQuery(qb, 'id', page).execute())
  return { keys: rows.map((r) => r.id), accountIds: rows.map((r) => r.other_id), hasMore: rows.length === page.limit }
}

/**
 * Who follows (or whom follows) an account. Empty when that account blocks the viewer,
 * as Mastodon hides the collections of someone who blocked you.
 */
export async function followList(ctx: AppContext, viewerId: number | null, accountId: number | null, direction: 'followers' | 'following', page: Page): Promise<AccountPage> {
  const account = await targetAccount(ctx.db, accountId)
  if (viewerId !== null && viewerId !== account.id && (await blockedEitherWay(ctx.db, account.id, viewerId)).aBlocksB) {
    return { keys: [], accountIds: [], hasMore: false }
  }
  return run(pageOfFollows(ctx.db, account.id, direction), page)
}

/** Pending requests to follow me. */
export const requestList = (ctx: AppContext, me: number, page: Page) => run(pageOfRequests(ctx.db, me), page)
/** Accounts I block. */
export const blockList = (ctx: AppContext, me: number, page: Page) => run(pageOfBlocks(ctx.db, me), page)
/** Accounts I mute (mutes that have not expired). */
export const muteList = (ctx: AppContext, me: number, page: Page) => run(pageOfMutes(ctx.db, me), page)

/** For each account: the accounts I follow that follow it (one query for all). */
export async function familiarFollowers(ctx: AppContext, me: number, ids: number[], perAccount = 40): Promise<{ id: number; accountIds: number[] }[]> {
  const unique = [...new Set(ids)].slice(0, 40)
  if (unique.length === 0) return []
  const rows = await ctx.db.selectFrom('follows as mine')
    .innerJoin('follows as theirs', 'theirs.account_id', 'mine.target_account_id')
    .select(['theirs.account_id as via', 'theirs.target_account_id as target'])
    .where('mine.account_id', '=', me).where('theirs.target_account_id', 'in', unique)
    .orderBy('theirs.id', 'desc')
    .execute()
  return unique.map((id) => ({ id, accountIds: rows.filter((r) => r.target === id && r.via !== me).map((r) => r.via).slice(0, perAccount) }))
}
