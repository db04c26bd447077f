import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { deleteUnposted } from '../../../../services/media/attachments.ts'
import { renderMedia } from '../../../../views/media.ts'
import { MediaParams } from './params.ts'

/** DELETE /api/v1/media/:id: remove one's own upload that no post uses. */
export default function remove(app: FastifyInstance, ctx: AppContext) {
  app.delete<{ Params: MediaParams }>('/api/v1/media/:id', {
    schema: { params: MediaParams },
    preHandler: [ctx.auth.require('write:media')],
  }, async (req) => renderMedia(await deleteUnposted(ctx, userOf(req), req.params.id), ctx.media))
}
