import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { deleteStatus } from '../../../../services/statuses/delete.ts'
import { renderStatuses } from '../../../../views/status.ts'
import { StatusIdParams } from './schemas.ts'

/** DELETE /api/v1/statuses/:id: delete your post; the answer carries its source text for redrafting. */
export default function deleteRoute(app: FastifyInstance, ctx: AppContext) {
  app.delete<{ Params: StatusIdParams }>('/api/v1/statuses/:id', {
    schema: { params: StatusIdParams },
    preHandler: [ctx.auth.require('write:statuses')],
  }, async (req) => {
    // The row as it was before deletion, so the view still renders it.
    const row = await deleteStatus(ctx, userOf(req), req.params.id)
    const [json] = await renderStatuses(ctx, req.viewer, [row], { withSource: true })
    return json
  })
}
