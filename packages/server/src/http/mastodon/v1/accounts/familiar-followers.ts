import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { parseId } from '../../../../ids.ts'
import { familiarFollowers as familiar } from '../../../../services/graph/lists.ts'
import { renderFamiliarFollowers } from '../../../../views/account-list.ts'

const Query = Type.Object({
  id: Type.Optional(Type.Array(Type.String({ maxLength: 30 }), { maxItems: 40 })),
}, { additionalProperties: true })

/** GET /api/v1/accounts/familiar_followers?id[]= — for each account, the people I follow who follow it. */
export default function familiarFollowers(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: typeof Query.static }>('/api/v1/accounts/familiar_followers', {
    schema: { querystring: Query },
    preHandler: [ctx.auth.require('read:follows')],
  }, async (req) => {
    const ids = (req.query.id ?? []).map(parseId).filter((x): x is number => x !== null)
    return renderFamiliarFollowers(ctx, await familiar(ctx, userOf(req).accountId, ids))
  })
}
