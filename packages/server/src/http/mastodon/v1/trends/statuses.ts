import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { trendingStatusIds } from '../../../../services/search/tags.ts'
import { renderStatusesById } from '../../../../views/status.ts'

const Query = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
}, { additionalProperties: true })

/** GET /api/v1/trends/statuses — this week's public posts with the most favourites and reposts. */
export default function trendsStatuses(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: typeof Query.static }>('/api/v1/trends/statuses', {
    schema: { querystring: Query },
    preHandler: [ctx.auth.optional()],
  }, async (req) => {
    const ids = await trendingStatusIds(ctx, Math.min(req.query.limit ?? 20, 40), req.query.offset ?? 0)
    return renderStatusesById(ctx, req.viewer, ids, { hideMuted: true })
  })
}
