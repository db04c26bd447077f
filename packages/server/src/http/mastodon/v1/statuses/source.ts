import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { statusSource } from '../../../../services/statuses/history.ts'
import { renderStatusSource } from '../../../../views/status-edit.ts'
import { StatusIdParams } from './schemas.ts'

/** GET /api/v1/statuses/:id/source: the plain text of a post, for editing. */
export default function source(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: StatusIdParams }>('/api/v1/statuses/:id/source', {
    schema: { params: StatusIdParams },
    preHandler: [ctx.auth.require('read:statuses')],
  }, async (req) => renderStatusSource(await statusSource(ctx, req.viewer, req.params.id)))
}
