// Lists: named groups of followed accounts. Only the owner ever sees a list.
import type { AppContext } from '../../context.ts'
import { nextId } from '../../ids.ts'
import { ListLimitReached, ListMemberNotFollowed, NotFound, ValidationFailed } from '../../errors.ts'
import { newestFirst, pageQuery, type Page } from '../../http/pagination.ts'
import {
  addMembers, countLists, deleteList, findOwnList, listsContaining, listsOf, pageOfMembers, removeMembers, type ListRow,
} from '../../storage/repos/lists.ts'

export type { ListRow }
export type RepliesPolicy = ListRow['replies_policy']

/** Mastodon's limit of lists per account. */
export const MAX_LISTS = 50
const MAX_TITLE = 255
const POLICIES: readonly RepliesPolicy[] = ['followed', 'list', 'none']

export interface ListInput { title?: string; replies_policy?: string; exclusive?: boolean }

function checkTitle(title: string | undefined, required: boolean): string | undefined {
  if (title === undefined) { if (required) throw ValidationFailed('title', "can't be blank"); return undefined }
  const t = title.trim()
  if (!t) throw ValidationFailed('title', "can't be blank")
  if ([...t].length > MAX_TITLE) throw ValidationFailed('title', `is too long (maximum is ${MAX_TITLE} characters)`)
  return t
}

function checkPolicy(p: string | undefined): RepliesPolicy | undefined {
  if (p === undefined) return undefined
  if (!POLICIES.includes(p as RepliesPolicy)) throw ValidationFailed('replies_policy', `must be one of ${POLICIES.join(', ')}`)
  return p as RepliesPolicy
}

/** A list of mine; NotFound for anyone else's. */
export async function getList(ctx: AppContext, me: number, listId: number | null): Promise<ListRow> {
  const list = listId === null ? undefined : await findOwnList(ctx.db, me, listId)
  if (!list) throw NotFound()
  return list
}

/** All my lists. */
export const myLists = (ctx: AppContext, me: number) => listsOf(ctx.db, me)

/** Creates a list. */
export async function createList(ctx: AppContext, me: number, input: ListInput): Promise<ListRow> {
  const title = checkTitle(input.title, true)!
  const policy = checkPolicy(input.replies_policy) ?? 'list'
  if (await countLists(ctx.db, me) >= MAX_LISTS) throw ListLimitReached(MAX_LISTS)
  const row: ListRow = { id: nextId(), account_id: me, title, replies_policy: policy, exclusive: input.exclusive ? 1 : 0, created_at: Date.now() }
  await ctx.db.insertInto('lists').values(row).execute()
  return row
}

/** Changes a list's title, replies policy or exclusivity. */
export async function updateList(ctx: AppContext, me: number, listId: number | null, input: ListInput): Promise<ListRow> {
  const list = await getList(ctx, me, listId)
  const title = checkTitle(input.title, false)
  const policy = checkPolicy(input.replies_policy)
  const next: ListRow = {
    ...list,
    ...(title !== undefined ? { title } : {}),
    ...(policy !== undefined ? { replies_policy: policy } : {}),
    ...(input.exclusive !== undefined ? { exclusive: input.exclusive ? 1 : 0 } : {}),
  }
  await ctx.db.updateTable('lists').set({ title: next.title, replies_policy: next.replies_policy, exclusive: next.exclusive }).where('id', '=', list.id).execute()
  return next
}

/** Deletes a list of mine. */
export async function removeList(ctx: AppContext, me: number, listId: number | null): Promise<void> {
  const list = await getList(ctx, me, listId)
  await ctx.db.transaction().execute((trx) => deleteList(trx, list.id))
}

/** Adds accounts to a list of mine; every one must be someone I follow (else nothing is added). */
export async function addToList(ctx: AppContext, me: number, listId: number | null, accountIds: number[]): Promise<void> {
  const list = await getList(ctx, me, listId)
  const ids = [...new Set(accountIds)]
  if (ids.length === 0) return
  const followed = await ctx.db.selectFrom('follows').select('target_account_id')
    .where('account_id', '=', me).where('target_account_id', 'in', ids).execute()
  if (followed.length !== ids.length) throw ListMemberNotFollowed()
  await addMembers(ctx.db, list.id, ids)
}

/** Takes accounts out of a list of mine. */
export async function removeFromList(ctx: AppContext, me: number, listId: number | null, accountIds: number[]): Promise<void> {
  const list = await getList(ctx, me, listId)
  await removeMembers(ctx.db, list.id, [...new Set(accountIds)])
}

/** A page of a list's members (keys are membership ids, for the Link header); `page.limit` 0 means all. */
export async function listMembers(ctx: AppContext, me: number, listId: number | null, page: Page): Promise<{ keys: number[]; accountIds: number[] }> {
  const list = await getList(ctx, me, listId)
  const qb = pageOfMembers(ctx.db, me, list.id)
  const rows = page.limit === 0
    ? await qb.orderBy('list_accounts.id', 'desc').execute()
    : newestFirst(page, await pageQuery(qb, 'list_accounts.id', page).execute())
  return { keys: rows.map((r) => r.id), accountIds: rows.map((r) => r.other_id) }
}

/** My lists that contain this account. */
export const listsWithAccount = (ctx: AppContext, me: number, accountId: number | null) =>
  accountId === null ? Promise.resolve([]) : listsContaining(ctx.db, me, accountId)
