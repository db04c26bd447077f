import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../context.ts'

/** GET /api/v1/suggestions and /api/v2/suggestions — whom to follow: no suggestions are computed yet. */
export default function suggestions(app: FastifyInstance, ctx: AppContext) {
  for (const path of ['/api/v1/suggestions', '/api/v2/suggestions']) {
    app.get(path, { preHandler: [ctx.auth.require('read')] }, async () => [])
  }
}
