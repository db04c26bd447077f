import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { pin } from '../../../../services/statuses/interactions.ts'
import { renderStatuses } from '../../../../views/status.ts'
import { StatusIdParams } from './schemas.ts'

/** POST /api/v1/statuses/:id/pin: pin one of your posts to your profile. */
export default function pinRoute(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Params: StatusIdParams }>('/api/v1/statuses/:id/pin', {
    schema: { params: StatusIdParams },
    preHandler: [ctx.auth.require('write:accounts')],
  }, async (req) => {
    const row = await pin(ctx, userOf(req), req.params.id)
    const [json] = await renderStatuses(ctx, req.viewer, [row])
    return json
  })
}
