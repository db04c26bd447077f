import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../context.ts'

/** GET /api/v1/filters — v1 keyword filters: filters are not implemented yet, so there are none. */
export default function filtersV1(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/filters', { preHandler: [ctx.auth.require('read:filters')] }, async () => [])
}
