import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { unreblog } from '../../../../services/statuses/reblog.ts'
import { renderStatuses } from '../../../../views/status.ts'
import { StatusIdParams } from './schemas.ts'

/** POST /api/v1/statuses/:id/unreblog: undo your repost; returns the original. */
export default function unreblogRoute(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Params: StatusIdParams }>('/api/v1/statuses/:id/unreblog', {
    schema: { params: StatusIdParams },
    preHandler: [ctx.auth.require('write:statuses')],
  }, async (req) => {
    const row = await unreblog(ctx, userOf(req), req.params.id)
    const [json] = await renderStatuses(ctx, req.viewer, [row])
    return json
  })
}
