import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { lookupAccount } from '../../../../services/accounts/lookup.ts'
import { renderAccount } from '../../../../views/account.ts'

const Query = Type.Object({ acct: Type.String({ minLength: 1, maxLength: 400 }) })

/** Finds an account by its handle without a search. */
export default function lookup(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: typeof Query.static }>('/api/v1/accounts/lookup', {
    schema: { querystring: Query },
    preHandler: [ctx.auth.optional()],
  }, async (req) => renderAccount(ctx, await lookupAccount(ctx, req.query.acct)))
}
