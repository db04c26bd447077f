import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { muteConversation } from '../../../../services/statuses/interactions.ts'
import { renderStatuses } from '../../../../views/status.ts'
import { StatusIdParams } from './schemas.ts'

/** POST /api/v1/statuses/:id/unmute: unmute the thread. */
export default function unmuteRoute(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Params: StatusIdParams }>('/api/v1/statuses/:id/unmute', {
    schema: { params: StatusIdParams },
    preHandler: [ctx.auth.require('write:mutes')],
  }, async (req) => {
    const row = await muteConversation(ctx, userOf(req), req.params.id, false)
    const [json] = await renderStatuses(ctx, req.viewer, [row])
    return json
  })
}
