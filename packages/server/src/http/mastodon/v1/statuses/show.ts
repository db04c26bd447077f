import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { visibleStatus } from '../../../../services/statuses/visible.ts'
import { renderStatuses } from '../../../../views/status.ts'
import { StatusIdParams } from './schemas.ts'

/** GET /api/v1/statuses/:id: one post, 404 when the viewer may not see it. */
export default function show(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: StatusIdParams }>('/api/v1/statuses/:id', {
    schema: { params: StatusIdParams },
    preHandler: [ctx.auth.optional()],
  }, async (req) => {
    const row = await visibleStatus(ctx, req.viewer, req.params.id)
    const [json] = await renderStatuses(ctx, req.viewer, [row])
    return json
  })
}
