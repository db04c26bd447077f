import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { statusContext } from '../../../../services/statuses/context.ts'
import { renderContext } from '../../../../views/status.ts'
import { StatusIdParams } from './schemas.ts'

/** GET /api/v1/statuses/:id/context: the visible ancestors and descendants of a post. */
export default function context(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: StatusIdParams }>('/api/v1/statuses/:id/context', {
    schema: { params: StatusIdParams },
    preHandler: [ctx.auth.optional()],
  }, async (req) => renderContext(ctx, req.viewer, await statusContext(ctx, req.viewer, req.params.id)))
}
