import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../context.ts'

/** GET /api/v1/conversations — direct-message conversations: not implemented yet, so there are none. */
export default function conversations(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/conversations', { preHandler: [ctx.auth.require('read:statuses')] }, async () => [])
}
