import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { parseId } from '../../../../ids.ts'
import { unfollow as unfollowAccount } from '../../../../services/graph/follow.ts'
import { renderRelationship } from '../../../../views/relationship.ts'

const Params = Type.Object({ id: Type.String({ maxLength: 30 }) })

/** POST /api/v1/accounts/:id/unfollow — unfollow, or withdraw a pending request; answers the Relationship. */
export default function unfollow(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Params: typeof Params.static }>('/api/v1/accounts/:id/unfollow', {
    schema: { params: Params },
    preHandler: [ctx.auth.require('write:follows')],
  }, async (req) => {
    const me = userOf(req).accountId
    const id = parseId(req.params.id)
    await unfollowAccount(ctx, me, id)
    return renderRelationship(ctx, me, id!)
  })
}
