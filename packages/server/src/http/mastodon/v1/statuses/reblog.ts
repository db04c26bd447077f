import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { reblog } from '../../../../services/statuses/reblog.ts'
import { renderStatuses } from '../../../../views/status.ts'
import { StatusIdParams } from './schemas.ts'

const Body = Type.Union([Type.Object({ visibility: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])) }, { additionalProperties: true }), Type.Null()])

/** POST /api/v1/statuses/:id/reblog: repost (idempotent: a second repost returns the first). */
export default function reblogRoute(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Params: StatusIdParams; Body: typeof Body.static }>('/api/v1/statuses/:id/reblog', {
    schema: { params: StatusIdParams, body: Body },
    preHandler: [ctx.auth.require('write:statuses')],
  }, async (req) => {
    const row = await reblog(ctx, userOf(req), req.params.id, req.body?.visibility)
    const [json] = await renderStatuses(ctx, req.viewer, [row])
    return json
  })
}
