import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { defenceFigures } from '../../../../services/limits/admin-figures.ts'

/** GET /api/v1/phare/admin/limits — rate-limit policies with their counts, and the abuse defence's figures (admins). */
export default function adminLimits(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/phare/admin/limits', { preHandler: [ctx.auth.require('read')] }, async (req, reply) => {
    reply.header('cache-control', 'no-store')
    return defenceFigures(ctx, req.viewer, app.shedding)
  })
}
