import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { unfavourite } from '../../../../services/statuses/interactions.ts'
import { renderStatuses } from '../../../../views/status.ts'
import { StatusIdParams } from './schemas.ts'

/** POST /api/v1/statuses/:id/unfavourite: take a like back. */
export default function unfavouriteRoute(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Params: StatusIdParams }>('/api/v1/statuses/:id/unfavourite', {
    schema: { params: StatusIdParams },
    preHandler: [ctx.auth.require('write:favourites')],
  }, async (req) => {
    const row = await unfavourite(ctx, userOf(req), req.params.id)
    const [json] = await renderStatuses(ctx, req.viewer, [row])
    return json
  })
}
