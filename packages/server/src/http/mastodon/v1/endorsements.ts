import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../context.ts'

/** GET /api/v1/endorsements — accounts I feature on my profile: featuring is not implemented yet. */
export default function endorsements(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/endorsements', { preHandler: [ctx.auth.require('read:accounts')] }, async () => [])
}
