import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { setReadOnly } from '../../../../services/read-only/admin.ts'

const Body = Type.Object({ message: Type.String({ maxLength: 2000 }) })

/** PUT /api/v1/phare/admin/read_only — puts every node in read-only mode with a message for people; admins only. */
export default function readOnlySet(app: FastifyInstance, ctx: AppContext) {
  app.put<{ Body: typeof Body.static }>('/api/v1/phare/admin/read_only', { schema: { body: Body }, preHandler: [ctx.auth.require('write')] }, async (req) =>
    setReadOnly(ctx, req.viewer, req.body.message))
}
