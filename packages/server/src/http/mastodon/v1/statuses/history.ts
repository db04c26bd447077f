import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { statusHistory } from '../../../../services/statuses/history.ts'
import { renderStatusEdits } from '../../../../views/status-edit.ts'
import { StatusIdParams } from './schemas.ts'

/** GET /api/v1/statuses/:id/history: every version of a post, oldest first. */
export default function history(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: StatusIdParams }>('/api/v1/statuses/:id/history', {
    schema: { params: StatusIdParams },
    preHandler: [ctx.auth.optional()],
  }, async (req) => {
    const { status, edits } = await statusHistory(ctx, req.viewer, req.params.id)
    return renderStatusEdits(ctx, status, edits)
  })
}
