import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { clearReadOnly } from '../../../../services/read-only/admin.ts'

/** DELETE /api/v1/phare/admin/read_only — lifts the read-only mode an admin set; admins only. */
export default function readOnlyClear(app: FastifyInstance, ctx: AppContext) {
  app.delete('/api/v1/phare/admin/read_only', { preHandler: [ctx.auth.require('write')] }, async (req) => clearReadOnly(ctx, req.viewer))
}
