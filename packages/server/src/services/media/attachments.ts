// An author's own attachments: reading, editing alt text and focus, and taking them into a post.
import type { AppContext } from '../../context.ts'
import type { UserViewer } from '../../http/auth.ts'
import { MediaFailed, NotFound, ValidationFailed } from '../../errors.ts'
import { parseId } from '../../ids.ts'
import type { MediaAttachmentsTable } from '../../storage/schema.ts'
import { parseDescription, parseFocus } from './attributes.ts'

/** At most this many attachments per post, as Mastodon. */
export const MAX_ATTACHMENTS = 4

/** One of the viewer's own attachments; anyone else's is a 404. */
export async function ownMedia(ctx: AppContext, viewer: UserViewer, rawId: unknown): Promise<MediaAttachmentsTable> {
  const id = parseId(rawId)
  if (id === null) throw NotFound()
  const row = await ctx.db.selectFrom('media_attachments').selectAll().where('id', '=', id).where('account_id', '=', viewer.accountId).executeTakeFirst()
  if (!row) throw NotFound()
  return row
}

/** One's own upload to show: one that could not be processed is a 422 saying why. */
export async function mediaStatus(ctx: AppContext, viewer: UserViewer, rawId: unknown): Promise<MediaAttachmentsTable> {
  const row = await ownMedia(ctx, viewer, rawId)
  if (row.state === 'failed') throw MediaFailed(row.error ?? 'the file is not a readable image')
  return row
}

/** Deletes an upload no post uses (its files go with the purge job). A posted one is a 422: delete or edit the post. */
export async function deleteUnposted(ctx: AppContext, viewer: UserViewer, rawId: unknown): Promise<MediaAttachmentsTable> {
  const row = await ownMedia(ctx, viewer, rawId)
  if (row.status_id !== null) throw ValidationFailed('id', 'is attached to a post: edit or delete the post instead')
  await ctx.queue.enqueue('media.purge', { orphanId: row.id })
  return row
}

/** Changes alt text and focus; a post showing the attachment shows the change. */
export async function updateMedia(ctx: AppContext, viewer: UserViewer, rawId: unknown, changes: { description?: unknown; focus?: unknown }): Promise<MediaAttachmentsTable> {
  const row = await ownMedia(ctx, viewer, rawId)
  const set: Partial<MediaAttachmentsTable> = { updated_at: Date.now() }
  if (changes.description !== undefined) set.description = parseDescription(changes.description)
  if (changes.focus !== undefined) {
    const f = parseFocus(changes.focus)
    set.focus_x = f.x
    set.focus_y = f.y
  }
  await ctx.db.updateTable('media_attachments').set(set).where('id', '=', row.id).execute()
  if (row.status_id !== null) ctx.cache.changed({ statuses: [row.status_id] })
  return { ...row, ...set }
}

/**
 * The attachments a post will carry, in the author's order: each one the author's own, not
 * failed, and not in another live post (`statusId`: the post being edited may keep its own).
 */
export async function mediaForPost(ctx: AppContext, accountId: number, rawIds: readonly string[], statusId: number | null = null): Promise<MediaAttachmentsTable[]> {
  if (rawIds.length === 0) return []
  if (rawIds.length > MAX_ATTACHMENTS) throw ValidationFailed('media_ids', `has too many items (at most ${MAX_ATTACHMENTS} images per post)`)
  const ids = rawIds.map((raw) => {
    const id = parseId(raw)
    if (id === null) throw ValidationFailed('media_ids', `contains an unknown id: ${String(raw).slice(0, 30)}`)
    return id
  })
  if (new Set(ids).size !== ids.length) throw ValidationFailed('media_ids', 'lists the same attachment twice')
  const rows = await ctx.db.selectFrom('media_attachments').selectAll().where('id', 'in', ids).where('account_id', '=', accountId).execute()
  const byId = new Map(rows.map((r) => [r.id, r]))
  // "Delete and redraft": the images of one's own deleted post may go into a new one.
  const elsewhere = [...new Set(rows.map((r) => r.status_id).filter((x): x is number => x !== null && x !== statusId))]
  const deleted = new Set(elsewhere.length
    ? (await ctx.db.selectFrom('statuses').select('id').where('id', 'in', elsewhere).where('deleted_at', 'is not', null).execute()).map((r) => r.id)
    : [])
  return ids.map((id) => {
    const r = byId.get(id)
    if (!r) throw ValidationFailed('media_ids', `contains an unknown id: ${id}`)
    if (r.status_id !== null && r.status_id !== statusId && !deleted.has(r.status_id)) throw ValidationFailed('media_ids', `contains an attachment already in another post: ${id}`)
    if (r.state === 'failed') throw ValidationFailed('media_ids', `contains an attachment that could not be processed: ${id} (${r.error ?? 'unreadable image'})`)
    return r
  })
}

/** The condition under which a post takes an attachment: free, or left by a deleted post (redraft), never taken from a live one. */
export function takeable(media: MediaAttachmentsTable[]): number[] {
  return [...new Set(media.map((m) => m.status_id).filter((x): x is number => x !== null))]
}
