import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { uploadMedia, waitProcessed } from '../../../../services/media/upload.ts'
import { renderMedia } from '../../../../views/media.ts'
import { UPLOAD_BODY_LIMIT, UploadBody, uploadedBytes } from './body.ts'

/** POST /api/v1/media: the older, synchronous upload: answers once processed (or after a bounded wait, still processing). */
export default function createV1(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Body: UploadBody }>('/api/v1/media', {
    schema: { body: UploadBody },
    bodyLimit: UPLOAD_BODY_LIMIT,
    // Checked before the body is read: a stranger's upload is refused unread.
    onRequest: [ctx.auth.require('write:media')],
  }, async (req) => {
    const viewer = userOf(req)
    const row = await uploadMedia(ctx, viewer, { bytes: uploadedBytes(req.body), description: req.body.description, focus: req.body.focus })
    return renderMedia(await waitProcessed(ctx, viewer, row), ctx.media)
  })
}
