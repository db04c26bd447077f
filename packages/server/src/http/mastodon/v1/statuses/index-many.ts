import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { parseIds } from '../../../../services/statuses/many.ts'
import { renderStatusesById } from '../../../../views/status.ts'

const Query = Type.Object({
  id: Type.Optional(Type.Array(Type.String({ maxLength: 30 }), { maxItems: 40 })),
}, { additionalProperties: true })

/** GET /api/v1/statuses?id[]=…: several posts at once; the ones the viewer may not see are left out. */
export default function indexMany(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: typeof Query.static }>('/api/v1/statuses', {
    schema: { querystring: Query },
    preHandler: [ctx.auth.optional()],
  }, async (req) => renderStatusesById(ctx, req.viewer, parseIds(req.query.id ?? [])))
}
