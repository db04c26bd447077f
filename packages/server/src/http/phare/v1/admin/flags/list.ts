import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../../context.ts'
import { listFlagsFor } from '../../../../../services/flags/admin.ts'
import { renderFlag } from '../../../../../views/flags.ts'

/** GET /api/v1/phare/admin/flags — every flag with this node's live cohort figures (admins only). */
export default function list(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/phare/admin/flags', { preHandler: [ctx.auth.require('read')] }, async (req, reply) => {
    reply.header('cache-control', 'no-store')
    return (await listFlagsFor(ctx, req.viewer)).map(renderFlag)
  })
}
