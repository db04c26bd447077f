import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { clearAll } from '../../../../services/notifications/read.ts'

/** POST /api/v1/notifications/clear — deletes all my notifications. */
export default function clear(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/v1/notifications/clear', {
    preHandler: [ctx.auth.require('write:notifications')],
  }, async (req) => {
    await clearAll(ctx, userOf(req).accountId)
    return {}
  })
}
