// Media jobs, in their own lane (jobs/index.ts): processing an upload into its renditions,
// and removing files once nothing shows them. A slow or failing image never holds up
// fan-out or notifications, and a post with an image publishes while it processes.
import type { AppContext } from '../context.ts'
import { PhareError } from '../errors.ts'
import { inspectImage } from '../services/media/inspect.ts'
import { processImage } from '../services/media/process.ts'
import { contentKey } from '../services/media/store.ts'
import { purgeUnused, type PurgeRequest } from '../services/media/purge.ts'

/** Registers media.process {mediaId} and media.purge {statusId?, orphanId?, keys?}. */
export default function media(ctx: AppContext): void {
  ctx.queue.register('media.process', async ({ mediaId }: { mediaId: number }, { signal }) => {
    const row = await ctx.db.selectFrom('media_attachments').select(['id', 'state', 'status_id']).where('id', '=', mediaId).executeTakeFirst()
    if (!row || row.state !== 'processing') return
    const upload = await ctx.db.selectFrom('media_uploads').select('bytes').where('media_id', '=', mediaId).executeTakeFirst()
    if (!upload) return
    const bytes = Buffer.from(upload.bytes)
    let done
    try {
      done = await processImage(bytes, await inspectImage(bytes), { signal })
    } catch (err) {
      // A file that is not a usable image stays failed; anything else is retried.
      if (!(err instanceof PhareError)) throw err
      await ctx.db.transaction().execute(async (trx) => {
        await trx.updateTable('media_attachments').set({ state: 'failed', error: err.message, updated_at: Date.now() }).where('id', '=', mediaId).execute()
        await trx.deleteFrom('media_uploads').where('media_id', '=', mediaId).execute()
      })
      if (row.status_id !== null) ctx.cache.changed({ statuses: [row.status_id] })
      return
    }
    const fileKey = contentKey(done.large.bytes, done.large.ext)
    const smallKey = contentKey(done.small.bytes, done.small.ext)
    await ctx.media.put(fileKey, done.large.bytes, done.large.mime)
    await ctx.media.put(smallKey, done.small.bytes, done.small.mime)
    const statusId = await ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('media_attachments').set({
        state: 'ready', error: null, file_key: fileKey, file_width: done.large.width, file_height: done.large.height, file_size: done.large.bytes.length,
        small_key: smallKey, small_width: done.small.width, small_height: done.small.height, small_size: done.small.bytes.length,
        blurhash: done.blurhash, updated_at: Date.now(),
      }).where('id', '=', mediaId).where('state', '=', 'processing').execute()
      await trx.deleteFrom('media_uploads').where('media_id', '=', mediaId).execute()
      // Read again: the post may have taken the attachment while it was processing.
      const now = await trx.selectFrom('media_attachments').select('status_id').where('id', '=', mediaId).executeTakeFirst()
      const statusId = now?.status_id ?? null
      // Live readers saw the post with the image processing: send it again, now with the image.
      if (statusId !== null) await ctx.queue.enqueue('status.refreshed', { statusId }, { trx })
      return statusId
    })
    if (statusId !== null) ctx.cache.changed({ statuses: [statusId] })
  }, { lane: 'media' })

  ctx.queue.register('media.purge', async (p: PurgeRequest) => {
    await purgeUnused(ctx, p)
  }, { lane: 'media' })
}
