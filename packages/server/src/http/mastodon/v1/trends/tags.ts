import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { trendingTags } from '../../../../services/search/tags.ts'
import { renderTags } from '../../../../views/tag.ts'

const Query = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
}, { additionalProperties: true })

/** GET /api/v1/trends/tags (and the older /api/v1/trends) — hashtags most people used in public posts this week. */
export default function trendsTags(app: FastifyInstance, ctx: AppContext) {
  for (const path of ['/api/v1/trends/tags', '/api/v1/trends']) {
    app.get<{ Querystring: typeof Query.static }>(path, { schema: { querystring: Query } }, async (req) => {
      const tags = await trendingTags(ctx, Math.min(req.query.limit ?? 10, 20), req.query.offset ?? 0)
      return renderTags(ctx, tags)
    })
  }
}
