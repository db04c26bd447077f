import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'

/** GET /api/v2/filters — filters: not implemented yet, so there are none. */
export default function filtersV2(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v2/filters', { preHandler: [ctx.auth.require('read:filters')] }, async () => [])
}
