// Taking an upload: checked at once (type by content, bytes, pixels: a bad file gets its
// 422 in the same request), then stored durably and processed by a job in the media lane.
import type { AppContext } from '../../context.ts'
import type { UserViewer } from '../../http/auth.ts'
import { nextId } from '../../ids.ts'
import type { MediaAttachmentsTable } from '../../storage/schema.ts'
import { parseDescription, parseFocus } from './attributes.ts'
import { inspectImage } from './inspect.ts'
import { mediaStatus } from './attachments.ts'

const ORPHAN_MS = 24 * 3_600_000

export interface UploadInput {
  bytes: Buffer
  description?: unknown
  focus?: unknown
}

/** Stores an upload as a `processing` attachment of its author and queues its processing. */
export async function uploadMedia(ctx: AppContext, viewer: UserViewer, input: UploadInput): Promise<MediaAttachmentsTable> {
  const description = parseDescription(input.description)
  const focus = parseFocus(input.focus)
  const inspected = await inspectImage(input.bytes)
  const now = Date.now()
  const row: MediaAttachmentsTable = {
    id: nextId(), account_id: viewer.accountId, status_id: null, type: 'image', state: 'processing', error: null,
    description, focus_x: focus.x, focus_y: focus.y,
    original_mime: inspected.mime, original_width: inspected.width, original_height: inspected.height, original_size: input.bytes.length,
    file_key: null, file_width: null, file_height: null, file_size: null,
    small_key: null, small_width: null, small_height: null, small_size: null, blurhash: null,
    created_at: now, updated_at: now,
  }
  await ctx.transact(async (trx) => {
    await trx.insertInto('media_attachments').values(row).execute()
    await trx.insertInto('media_uploads').values({ media_id: row.id, bytes: input.bytes }).execute()
    await ctx.queue.enqueue('media.process', { mediaId: row.id }, { trx })
    // An upload never posted is removed after a day, as Mastodon does.
    await ctx.queue.enqueue('media.purge', { orphanId: row.id }, { trx, delayMs: ORPHAN_MS })
  })
  ctx.queue.poke()
  return row
}

/** The upload once processed, or as it is after `timeoutMs` (the older synchronous API waits for it). */
export async function waitProcessed(ctx: AppContext, viewer: UserViewer, row: MediaAttachmentsTable, timeoutMs = 10_000): Promise<MediaAttachmentsTable> {
  const until = Date.now() + timeoutMs
  let current = row
  for (let wait = 25; current.state === 'processing' && Date.now() < until; wait = Math.min(wait * 2, 500)) {
    await new Promise((r) => setTimeout(r, wait))
    current = await mediaStatus(ctx, viewer, row.id)
  }
  return current
}
