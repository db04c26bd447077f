import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { developerAppUsage } from '../../../../services/plans/developer.ts'

/** GET /api/v1/phare/developer/apps/:id/usage — requests per day of one of the person's apps, the last 14 days. */
export default function usage(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: { id: string } }>('/api/v1/phare/developer/apps/:id/usage', { preHandler: [ctx.auth.require('read')] }, async (req, reply) => {
    reply.header('cache-control', 'no-store')
    return { days: await developerAppUsage(ctx, userOf(req), req.params.id) }
  })
}
