// Writing a post: the one function every entry point (API, web app, scheduled
// posts later) uses, so every rule of posting lives here once.
import type { Compilable } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { UserViewer } from '../../http/auth.ts'
import { NotFound, ValidationFailed } from '../../errors.ts'
import { nextId } from '../../ids.ts'
import type { StatusRow } from '../visibility.ts'
import { findStatus, newStatusWrites, statusCounterBump, statusesCountBump } from '../../storage/repos/statuses.ts'
import { compose, parseLanguage, VISIBILITIES, type Visibility } from './compose.ts'
import { visibleOriginal } from './visible.ts'
import { validatePoll, type PollInput } from '../polls/validate.ts'
import { noMarksYet, postingDefaults, primeStatus } from '../../storage/cache/load.ts'
import { mediaForPost, takeable } from '../media/attachments.ts'
import { firstLink } from '../previews/first-link.ts'

export interface NewStatus {
  text?: string | null
  spoilerText?: string | null
  sensitive?: boolean | null
  visibility?: string | null
  language?: string | null
  inReplyToId?: string | null
  quotedStatusId?: string | null
  poll?: PollInput | null
  mediaIds?: string[] | null
  scheduledAt?: string | null
  /** the Idempotency-Key header: a retried create returns the first post */
  idempotencyKey?: string | null
}

/** Mastodon keeps an Idempotency-Key for an hour. */
const IDEMPOTENCY_MS = 3_600_000

/** Public and unlisted posts count as replies and may be quoted by others. */
export const distributable = (v: Visibility) => v === 'public' || v === 'unlisted'

async function previousForKey(ctx: AppContext, accountId: number, key: string): Promise<StatusRow | undefined> {
  const row = await ctx.db.selectFrom('idempotency_keys').select('status_id')
    .where('account_id', '=', accountId).where('key', '=', key).where('created_at', '>', Date.now() - IDEMPOTENCY_MS).executeTakeFirst()
  return row ? findStatus(ctx.db, row.status_id) : undefined
}

/** Creates a post with its mentions, tags and poll, moves the counters and queues fan-out and notifications. */
export async function createStatus(ctx: AppContext, viewer: UserViewer, input: NewStatus): Promise<StatusRow> {
  const me = viewer.accountId
  const key = input.idempotencyKey?.trim().slice(0, 200) || null
  if (key) {
    const previous = await previousForKey(ctx, me, key)
    if (previous) return previous
  }
  if (input.scheduledAt) throw ValidationFailed('scheduled_at', 'is not supported yet: post now or keep a draft')
  let visibility: Visibility
  if (input.visibility) {
    if (!VISIBILITIES.includes(input.visibility as Visibility)) throw ValidationFailed('visibility', 'is not one of public, unlisted, private, direct')
    visibility = input.visibility as Visibility
  } else {
    visibility = (await postingDefaults(ctx, me))?.privacy ?? 'public'
  }
  const language = parseLanguage(input.language)
  const pollOptions = input.poll ? validatePoll(ctx.config, input.poll) : null
  const media = await mediaForPost(ctx, me, input.mediaIds ?? [])
  if (media.length && pollOptions) throw ValidationFailed('poll', 'cannot be combined with media attachments')
  const composed = await compose(ctx, input.text ?? '', input.spoilerText ?? '', { withMedia: media.length > 0 })

  // Replying to or quoting a post you cannot see (it is private, or its author blocks you) is a 404.
  const parent = input.inReplyToId ? await visibleOriginal(ctx, viewer, input.inReplyToId) : null
  const quoted = input.quotedStatusId ? await visibleOriginal(ctx, viewer, input.quotedStatusId) : null
  if (quoted && !distributable(quoted.visibility)) throw ValidationFailed('quoted_status_id', 'cannot be quoted: only public and unlisted posts can')

  const now = Date.now()
  const id = nextId()
  const pollId = pollOptions ? nextId() : null
  const row: StatusRow = {
    id, account_id: me, text: composed.text, content: composed.content, spoiler_text: composed.spoilerText, visibility,
    sensitive: input.sensitive || composed.spoilerText !== '' ? 1 : 0, language,
    in_reply_to_id: parent?.id ?? null, in_reply_to_account_id: parent?.account_id ?? null, reblog_of_id: null,
    quote_of_id: quoted?.id ?? null, conversation_id: parent?.conversation_id ?? id, poll_id: pollId,
    created_at: now, edited_at: null, deleted_at: null, replies_count: 0, reblogs_count: 0, favourites_count: 0, quotes_count: 0,
    application_id: viewer.appId, media_ids: media.length ? JSON.stringify(media.map((m) => m.id)) : null, card_id: null,
  }

  // Everything the post writes, as statements that read nothing back: without an
  // Idempotency-Key they go to the database together (one round trip on PostgreSQL).
  const writes: Compilable[] = newStatusWrites(ctx.db, row, composed.mentionIds, composed.tags)
  if (pollOptions && pollId !== null) {
    const expiresAt = now + input.poll!.expiresIn * 1000
    writes.push(ctx.db.insertInto('polls').values({
      id: pollId, status_id: id, account_id: me, options: JSON.stringify(pollOptions), votes: JSON.stringify(pollOptions.map(() => 0)),
      multiple: input.poll!.multiple ? 1 : 0, hide_totals: input.poll!.hideTotals ? 1 : 0, expires_at: expiresAt,
      votes_count: 0, voters_count: 0, ended_notified: 0,
    }), ctx.queue.insertOf([{ type: 'poll.end', payload: { pollId } }], { delayMs: expiresAt - now }))
  }
  // As Mastodon: direct posts are not counted on the profile, and only public and
  // unlisted replies count in the replies of the post they answer.
  writes.push(visibility !== 'direct' ? statusesCountBump(ctx.db, [me], 1, now) : ctx.db.updateTable('accounts').set({ last_status_at: now }).where('id', '=', me))
  if (parent && distributable(visibility)) writes.push(statusCounterBump(ctx.db, parent.id, 'replies_count', 1))
  if (quoted) writes.push(statusCounterBump(ctx.db, quoted.id, 'quotes_count', 1))
  if (media.length) {
    // Only as found: of two posts racing for one attachment, only one takes it.
    const from = takeable(media)
    writes.push(ctx.db.updateTable('media_attachments').set({ status_id: id }).where('id', 'in', media.map((m) => m.id))
      .where((eb) => (from.length ? eb.or([eb('status_id', 'is', null), eb('status_id', 'in', from)]) : eb('status_id', 'is', null))))
  }
  const jobs = [{ type: 'status.distribute', payload: { statusId: id } }, { type: 'status.notify', payload: { statusId: id } }]
  // A link preview is fetched after the post is out, in its own lane (jobs/previews.ts); a post with images shows them instead.
  if (!media.length && firstLink(composed.content, { localOrigin: ctx.config.publicUrl }) !== null) jobs.push({ type: 'status.preview', payload: { statusId: id } })
  writes.push(ctx.queue.insertOf(jobs))

  const mark = ctx.cache.statuses.mark()
  let existingId: number | null = null
  if (!key) {
    await ctx.writeTogether(writes)
  } else {
    // Grouped with concurrent writes into one commit (storage/transact.ts): only trx inside.
    existingId = await ctx.transact(async (trx) => {
      await trx.deleteFrom('idempotency_keys').where('account_id', '=', me).where('key', '=', key).where('created_at', '<=', now - IDEMPOTENCY_MS).execute()
      // The primary key decides a race between two requests with the same key: the loser
      // waits for the winner's commit, inserts nothing and returns the winner's post.
      const r = await trx.insertInto('idempotency_keys').values({ account_id: me, key, status_id: id, created_at: now })
        .onConflict((c) => c.columns(['account_id', 'key']).doNothing()).executeTakeFirst()
      if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) {
        const won = await trx.selectFrom('idempotency_keys').select('status_id').where('account_id', '=', me).where('key', '=', key).executeTakeFirstOrThrow()
        return won.status_id
      }
      for (const w of writes) await trx.executeQuery(w.compile())
      return null
    })
  }
  ctx.queue.poke()
  if (existingId !== null) {
    const won = await findStatus(ctx.db, existingId)
    if (!won) throw NotFound()
    return won
  }
  ctx.cache.changed({ accounts: [me], statuses: [parent?.id, quoted?.id].filter((x): x is number => x != null) })
  await primeStatus(ctx, row, composed.mentionIds, composed.tags, mark, media.map((m) => ({ ...m, status_id: id })))
  noMarksYet(ctx, me, id)
  return row
}
