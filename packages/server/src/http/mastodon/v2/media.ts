import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../context.ts'
import { userOf } from '../../auth.ts'
import { uploadMedia } from '../../../services/media/upload.ts'
import { renderMedia } from '../../../views/media.ts'
import { UPLOAD_BODY_LIMIT, UploadBody, uploadedBytes } from '../v1/media/body.ts'

/** POST /api/v2/media: upload an image; 202 while it is processed in the background. */
export default function createV2(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Body: UploadBody }>('/api/v2/media', {
    schema: { body: UploadBody },
    bodyLimit: UPLOAD_BODY_LIMIT,
    // Checked before the body is read: a stranger's upload is refused unread.
    onRequest: [ctx.auth.require('write:media')],
  }, async (req, reply) => {
    const row = await uploadMedia(ctx, userOf(req), { bytes: uploadedBytes(req.body), description: req.body.description, focus: req.body.focus })
    reply.code(row.state === 'processing' ? 202 : 200)
    return renderMedia(row, ctx.media)
  })
}
