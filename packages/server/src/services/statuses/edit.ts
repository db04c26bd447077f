// Editing a post, with history as Mastodon keeps it: the first edit also saves the
// original version, so the history always starts with what was first published.
import type { AppContext } from '../../context.ts'
import type { UserViewer } from '../../http/auth.ts'
import { Forbidden, ValidationFailed } from '../../errors.ts'
import { nextId } from '../../ids.ts'
import type { StatusRow } from '../visibility.ts'
import { findStatus, replaceMentions, replaceTags } from '../../storage/repos/statuses.ts'
import { deletePoll, findPoll } from '../../storage/repos/polls.ts'
import { compose, parseLanguage } from './compose.ts'
import { ownStatus } from './visible.ts'
import { validatePoll, type PollInput } from '../polls/validate.ts'
import { mediaForPost, takeable } from '../media/attachments.ts'
import { parseDescription, parseFocus } from '../media/attributes.ts'
import { firstLink } from '../previews/first-link.ts'

export interface StatusChanges {
  text?: string | null
  spoilerText?: string | null
  sensitive?: boolean | null
  language?: string | null
  /** the poll after the edit; absent removes it, as in Mastodon */
  poll?: PollInput | null
  /** the attachments after the edit, in order; absent keeps them */
  mediaIds?: string[] | null
  /** alt text and focus of attachments the post keeps */
  mediaAttributes?: { id: string; description?: string | null; focus?: string | null }[]
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i])

/** Edits one's own post; keeps the history, resets a poll's votes when its options change, and queues the update. */
export async function editStatus(ctx: AppContext, viewer: UserViewer, rawId: unknown, changes: StatusChanges): Promise<StatusRow> {
  const row = await ownStatus(ctx, viewer, rawId, () => Forbidden('You can only edit your own posts'))
  if (row.reblog_of_id !== null) throw Forbidden('A repost cannot be edited')
  const oldMedia: number[] = row.media_ids ? JSON.parse(row.media_ids) : []
  const chosen = changes.mediaIds === undefined || changes.mediaIds === null ? null : await mediaForPost(ctx, viewer.accountId, changes.mediaIds, row.id)
  const media = chosen ? chosen.map((m) => m.id) : oldMedia
  const from = chosen ? takeable(chosen).filter((x) => x !== row.id) : []
  if (media.length && changes.poll) throw ValidationFailed('poll', 'cannot be combined with media attachments')
  const attributes = (changes.mediaAttributes ?? []).map((a) => {
    const id = Number(a.id)
    if (!media.includes(id)) throw ValidationFailed('media_attributes', `names an attachment the post does not have: ${String(a.id).slice(0, 30)}`)
    const focus = a.focus === undefined ? undefined : parseFocus(a.focus)
    return { id, description: a.description === undefined ? undefined : parseDescription(a.description), focus }
  })
  // As Mastodon's UpdateStatusService: a field left out keeps its value (the poll excepted).
  const composed = await compose(ctx, changes.text === undefined ? row.text : changes.text ?? '',
    changes.spoilerText === undefined ? row.spoiler_text : changes.spoilerText ?? '', { withMedia: media.length > 0 })
  const language = changes.language === undefined ? row.language : parseLanguage(changes.language)
  const options = changes.poll ? validatePoll(ctx.config, changes.poll) : null
  const oldPoll = row.poll_id !== null ? await findPoll(ctx.db, row.poll_id) : undefined
  const sensitive = (changes.sensitive === undefined || changes.sensitive === null ? !!row.sensitive : changes.sensitive) || composed.spoilerText !== '' ? 1 : 0
  const now = Date.now()
  const link = media.length ? null : firstLink(composed.content, { localOrigin: ctx.config.publicUrl })
  const linkChanged = link !== (oldMedia.length ? null : firstLink(row.content, { localOrigin: ctx.config.publicUrl }))

  await ctx.db.transaction().execute(async (trx) => {
    const edits = await trx.selectFrom('status_edits').select('id').where('status_id', '=', row.id).limit(1).execute()
    if (edits.length === 0) {
      await trx.insertInto('status_edits').values({
        id: nextId(), status_id: row.id, text: row.text, content: row.content, spoiler_text: row.spoiler_text,
        sensitive: row.sensitive, poll_options: oldPoll ? oldPoll.options : null, created_at: row.created_at,
      }).execute()
    }
    let pollId = row.poll_id
    if (options) {
      const p = changes.poll!
      const expiresAt = now + p.expiresIn * 1000
      const unchanged = oldPoll && sameList(JSON.parse(oldPoll.options), options) && !!oldPoll.multiple === !!p.multiple
      if (!unchanged) {
        if (oldPoll) await deletePoll(trx, oldPoll.id)
        pollId = nextId()
        await trx.insertInto('polls').values({
          id: pollId, status_id: row.id, account_id: row.account_id, options: JSON.stringify(options), votes: JSON.stringify(options.map(() => 0)),
          multiple: p.multiple ? 1 : 0, hide_totals: p.hideTotals ? 1 : 0, expires_at: expiresAt, votes_count: 0, voters_count: 0, ended_notified: 0,
        }).execute()
        await ctx.queue.enqueue('poll.end', { pollId }, { trx, delayMs: expiresAt - now })
      } else {
        // Same options: votes stay, but the duration restarts from now, as in Mastodon.
        await trx.updateTable('polls').set({ hide_totals: p.hideTotals ? 1 : 0, expires_at: expiresAt, ended_notified: 0 }).where('id', '=', oldPoll.id).execute()
        await ctx.queue.enqueue('poll.end', { pollId: oldPoll.id }, { trx, delayMs: expiresAt - now })
      }
    } else if (oldPoll) {
      await deletePoll(trx, oldPoll.id)
      pollId = null
    }
    await trx.updateTable('statuses').set({
      text: composed.text, content: composed.content, spoiler_text: composed.spoilerText, sensitive, language, poll_id: pollId, edited_at: now,
      media_ids: media.length ? JSON.stringify(media) : null,
      // a card belongs to the link it previews: a new link (or images) replaces it
      ...(linkChanged ? { card_id: null } : {}),
    }).where('id', '=', row.id).execute()
    if (linkChanged && link !== null) await ctx.queue.enqueue('status.preview', { statusId: row.id }, { trx })
    const dropped = oldMedia.filter((id) => !media.includes(id))
    if (dropped.length) {
      await trx.updateTable('media_attachments').set({ status_id: null }).where('id', 'in', dropped).where('status_id', '=', row.id).execute()
      await ctx.queue.enqueueAll(dropped.map((orphanId) => ({ type: 'media.purge', payload: { orphanId } })), { trx })
    }
    const added = media.filter((id) => !oldMedia.includes(id))
    if (added.length) {
      await trx.updateTable('media_attachments').set({ status_id: row.id }).where('id', 'in', added)
        .where((eb) => (from.length ? eb.or([eb('status_id', 'is', null), eb('status_id', 'in', from)]) : eb('status_id', 'is', null))).execute()
    }
    for (const a of attributes) {
      await trx.updateTable('media_attachments').set({
        ...(a.description !== undefined ? { description: a.description } : {}),
        ...(a.focus ? { focus_x: a.focus.x, focus_y: a.focus.y } : {}),
        updated_at: now,
      }).where('id', '=', a.id).where('status_id', '=', row.id).execute()
    }
    await replaceMentions(trx, row.id, composed.mentionIds)
    await replaceTags(trx, row.id, composed.tags, now)
    await trx.insertInto('status_edits').values({
      id: nextId(), status_id: row.id, text: composed.text, content: composed.content, spoiler_text: composed.spoilerText,
      sensitive, poll_options: options ? JSON.stringify(options) : null, created_at: now,
    }).execute()
    await ctx.queue.enqueue('status.updated', { statusId: row.id, editedAt: now }, { trx })
  })
  ctx.cache.changed({ statuses: [row.id] })
  return (await findStatus(ctx.db, row.id))!
}
