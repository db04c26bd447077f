import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../context.ts'

/** GET /api/v1/domain_blocks — domains I block: there are no other domains until federation exists. */
export default function domainBlocks(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/domain_blocks', { preHandler: [ctx.auth.require('read:blocks')] }, async () => [])
}
