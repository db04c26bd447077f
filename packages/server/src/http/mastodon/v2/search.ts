import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../context.ts'
import { parseId } from '../../../ids.ts'
import { search } from '../../../services/search/search.ts'
import { renderSearch } from '../../../views/search.ts'

const Query = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 500 }),
  type: Type.Optional(Type.Union([Type.Literal('accounts'), Type.Literal('hashtags'), Type.Literal('statuses')])),
  resolve: Type.Optional(Type.Boolean()),
  following: Type.Optional(Type.Boolean()),
  account_id: Type.Optional(Type.String({ maxLength: 30 })),
  exclude_unreviewed: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
}, { additionalProperties: true })

/** GET /api/v2/search — accounts, hashtags and (by URL or id) posts; anonymous callers get the first page only. */
export default function searchV2(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: typeof Query.static }>('/api/v2/search', {
    schema: { querystring: Query },
    preHandler: [ctx.auth.optional()],
  }, async (req) => {
    const q = req.query
    const result = await search(ctx, req.viewer, {
      q: q.q, type: q.type, limit: Math.min(q.limit ?? 20, 40), offset: q.offset ?? 0,
      resolve: q.resolve ?? false, following: q.following ?? false,
      accountId: q.account_id ? parseId(q.account_id) ?? -1 : null,
    })
    return renderSearch(ctx, req.viewer, result)
  })
}
