import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { searchAccounts } from '../../../../services/search/search.ts'
import { renderAccountList } from '../../../../views/account-list.ts'

const Query = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 500 }),
  resolve: Type.Optional(Type.Boolean()),
  following: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
}, { additionalProperties: true })

/** GET /api/v1/accounts/search — accounts by handle or name, for mentions autocompletion and search. */
export default function accountsSearch(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: typeof Query.static }>('/api/v1/accounts/search', {
    schema: { querystring: Query },
    preHandler: [ctx.auth.optional()],
  }, async (req) => {
    const q = req.query
    const ids = await searchAccounts(ctx, req.viewer, {
      q: q.q, limit: Math.min(q.limit ?? 40, 80), offset: q.offset ?? 0, resolve: q.resolve ?? false, following: q.following ?? false,
    })
    return renderAccountList(ctx, ids)
  })
}
