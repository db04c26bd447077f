import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { updateMedia } from '../../../../services/media/attachments.ts'
import { renderMedia } from '../../../../views/media.ts'
import { MediaParams } from './params.ts'

const Body = Type.Object({
  description: Type.Optional(Type.Union([Type.String({ maxLength: 10_000 }), Type.Null()])),
  focus: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])),
}, { additionalProperties: true })

/** PUT /api/v1/media/:id: change the alt text or focus point of one's own upload. */
export default function update(app: FastifyInstance, ctx: AppContext) {
  app.put<{ Params: MediaParams; Body: typeof Body.static }>('/api/v1/media/:id', {
    schema: { params: MediaParams, body: Body },
    preHandler: [ctx.auth.require('write:media')],
  }, async (req) => renderMedia(await updateMedia(ctx, userOf(req), req.params.id, req.body ?? {}), ctx.media))
}
