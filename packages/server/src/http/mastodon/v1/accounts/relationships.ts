import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { parseId } from '../../../../ids.ts'
import { renderRelationships } from '../../../../views/relationship.ts'

const Query = Type.Object({
  id: Type.Optional(Type.Array(Type.String({ maxLength: 30 }), { maxItems: 100 })),
  with_suspended: Type.Optional(Type.Boolean()),
}, { additionalProperties: true })

/** GET /api/v1/accounts/relationships?id[]= — my relationship to each account, in the order asked. */
export default function relationships(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: typeof Query.static }>('/api/v1/accounts/relationships', {
    schema: { querystring: Query },
    preHandler: [ctx.auth.require('read:follows')],
  }, async (req) => {
    const ids = (req.query.id ?? []).map(parseId).filter((x): x is number => x !== null)
    return renderRelationships(ctx, userOf(req).accountId, ids, req.query.with_suspended ?? false)
  })
}
