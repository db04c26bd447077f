// Reposting: a status row pointing at the original; one live repost per person and post.
import type { AppContext } from '../../context.ts'
import type { UserViewer } from '../../http/auth.ts'
import { Forbidden, ValidationFailed } from '../../errors.ts'
import { nextId } from '../../ids.ts'
import type { StatusRow } from '../visibility.ts'
import { bumpStatusCounter, bumpStatusesCount, findStatus, insertReblog, liveReblog, softDelete } from '../../storage/repos/statuses.ts'
import { postingDefaults } from '../../storage/cache/load.ts'
import { distributable } from './create.ts'
import { visibleOriginal } from './visible.ts'

/** Reposts a post (the original when given a repost). Reposting twice returns the existing repost. */
export async function reblog(ctx: AppContext, viewer: UserViewer, rawId: unknown, visibilityParam?: string | null): Promise<StatusRow> {
  const me = viewer.accountId
  const original = await visibleOriginal(ctx, viewer, rawId)
  // As Mastodon's StatusPolicy#reblog?: never a direct post, a private one only by its author.
  if (original.visibility === 'direct' || (original.visibility === 'private' && original.account_id !== me)) {
    throw Forbidden('This post cannot be reposted')
  }
  const existing = await liveReblog(ctx.db, me, original.id)
  if (existing) return existing
  let visibility: StatusRow['visibility']
  if (original.visibility === 'private') visibility = 'private'
  else if (visibilityParam) {
    if (!['public', 'unlisted', 'private'].includes(visibilityParam)) throw ValidationFailed('visibility', 'is not one of public, unlisted, private')
    visibility = visibilityParam as StatusRow['visibility']
  } else {
    const privacy = (await postingDefaults(ctx, me))?.privacy
    visibility = privacy && distributable(privacy) ? privacy : privacy === 'private' ? 'private' : 'public'
  }
  const now = Date.now()
  const id = nextId()
  const row: StatusRow = {
    id, account_id: me, text: '', content: '', spoiler_text: '', visibility, sensitive: 0, language: null,
    in_reply_to_id: null, in_reply_to_account_id: null, reblog_of_id: original.id, quote_of_id: null,
    // A repost is its own conversation, so it never shows up inside the original's thread.
    conversation_id: id, poll_id: null, created_at: now, edited_at: null, deleted_at: null,
    replies_count: 0, reblogs_count: 0, favourites_count: 0, quotes_count: 0, application_id: viewer.appId, media_ids: null, card_id: null,
  }
  const created = await ctx.db.transaction().execute(async (trx) => {
    if (!(await insertReblog(trx, row))) return false
    await bumpStatusCounter(trx, original.id, 'reblogs_count', 1)
    await bumpStatusesCount(trx, [me], 1, now)
    await ctx.queue.enqueue('status.distribute', { statusId: id }, { trx })
    if (original.account_id !== me) {
      await ctx.queue.enqueue('notify', { accountId: original.account_id, fromAccountId: me, type: 'reblog', statusId: original.id, dedupeKey: `reblog:${id}` }, { trx })
    }
    return true
  })
  if (created) ctx.cache.changed({ statuses: [original.id], accounts: [me], marks: [me] })
  return created ? row : (await liveReblog(ctx.db, me, original.id)) ?? row
}

/** Undoes one's repost of a post; returns the original. Safe to call when there is none. */
export async function unreblog(ctx: AppContext, viewer: UserViewer, rawId: unknown): Promise<StatusRow> {
  const me = viewer.accountId
  const original = await visibleOriginal(ctx, viewer, rawId)
  const existing = await liveReblog(ctx.db, me, original.id)
  if (existing) {
    await ctx.db.transaction().execute(async (trx) => {
      if (!(await softDelete(trx, existing.id))) return
      await bumpStatusCounter(trx, original.id, 'reblogs_count', -1)
      if (existing.visibility !== 'direct') await bumpStatusesCount(trx, [me], -1)
      await ctx.queue.enqueue('status.deleted', { statusId: existing.id, accountId: me }, { trx })
    })
    ctx.cache.changed({ statuses: [existing.id, original.id], accounts: [me], marks: [me] })
  }
  return (await findStatus(ctx.db, original.id)) ?? original
}
