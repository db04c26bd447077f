import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { parseId } from '../../../../ids.ts'
import { follow as followAccount } from '../../../../services/graph/follow.ts'
import { renderRelationship } from '../../../../views/relationship.ts'

const Params = Type.Object({ id: Type.String({ maxLength: 30 }) })
const Body = Type.Union([Type.Null(), Type.Object({
  reblogs: Type.Optional(Type.Boolean()),
  notify: Type.Optional(Type.Boolean()),
  languages: Type.Optional(Type.Union([Type.Array(Type.String({ maxLength: 10 }), { maxItems: 100 }), Type.Null()])),
})])

/** POST /api/v1/accounts/:id/follow — follow, or request to follow a locked account; answers the Relationship. */
export default function follow(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Params: typeof Params.static; Body: typeof Body.static }>('/api/v1/accounts/:id/follow', {
    schema: { params: Params, body: Body },
    preHandler: [ctx.auth.require('write:follows')],
  }, async (req) => {
    const me = userOf(req).accountId
    const id = parseId(req.params.id)
    await followAccount(ctx, me, id, req.body ?? {})
    return renderRelationship(ctx, me, id!)
  })
}
