import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { mediaStatus } from '../../../../services/media/attachments.ts'
import { renderMedia } from '../../../../views/media.ts'
import { MediaParams } from './params.ts'

/** GET /api/v1/media/:id: one's own upload; 206 while processing, 422 if it failed. */
export default function show(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: MediaParams }>('/api/v1/media/:id', {
    schema: { params: MediaParams },
    preHandler: [ctx.auth.require('write:media')],
  }, async (req, reply) => {
    const row = await mediaStatus(ctx, userOf(req), req.params.id)
    reply.code(row.state === 'processing' ? 206 : 200)
    return renderMedia(row, ctx.media)
  })
}
