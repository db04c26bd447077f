import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { getAccounts } from '../../../../services/accounts/lookup.ts'
import { renderAccount } from '../../../../views/account.ts'

// `id[]=1&id[]=2` (qs gives an array; a single `id=1` is coerced to one).
const Query = Type.Object({ id: Type.Array(Type.String({ maxLength: 30 }), { maxItems: 40 }) })

/** Several accounts at once (GET /api/v1/accounts?id[]=…). */
export default function list(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: typeof Query.static }>('/api/v1/accounts', {
    schema: { querystring: Query },
    preHandler: [ctx.auth.optional()],
  }, async (req) => (await getAccounts(ctx, req.query.id)).map((a) => renderAccount(ctx, a)))
}
