import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { effectiveConfig } from '../../../../services/config-view.ts'

/** GET /api/v1/phare/admin/config — the effective configuration, secrets masked; admins only. */
export default function adminConfig(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/phare/admin/config', { preHandler: [ctx.auth.require('read')] }, async (req, reply) => {
    reply.header('cache-control', 'no-store')
    return effectiveConfig(ctx, req.viewer)
  })
}
