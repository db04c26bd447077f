import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { showReadOnly } from '../../../../services/read-only/admin.ts'

/** GET /api/v1/phare/admin/read_only — the read-only state with the free space it is decided from; admins only. */
export default function readOnlyShow(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/phare/admin/read_only', { preHandler: [ctx.auth.require('read')] }, async (req, reply) => {
    reply.header('cache-control', 'no-store')
    return showReadOnly(ctx, req.viewer)
  })
}
