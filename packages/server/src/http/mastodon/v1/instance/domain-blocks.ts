import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'

/** GET /api/v1/instance/domain_blocks — moderated domains: none without federation. */
export default function instanceDomainBlocks(app: FastifyInstance, _ctx: AppContext) {
  app.get('/api/v1/instance/domain_blocks', async () => [])
}
