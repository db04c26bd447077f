import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../context.ts'

/** GET /api/v1/announcements — server announcements: none can be published yet. */
export default function announcements(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/announcements', { preHandler: [ctx.auth.require('read')] }, async () => [])
}
