import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { parseId } from '../../../../ids.ts'
import { reject } from '../../../../services/graph/requests.ts'
import { renderRelationship } from '../../../../views/relationship.ts'

const Params = Type.Object({ id: Type.String({ maxLength: 30 }) })

/** POST /api/v1/follow_requests/:id/reject — decline the request of account :id; answers the Relationship. */
export default function rejectRoute(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Params: typeof Params.static }>('/api/v1/follow_requests/:id/reject', {
    schema: { params: Params },
    preHandler: [ctx.auth.require('write:follows')],
  }, async (req) => {
    const me = userOf(req).accountId
    const id = parseId(req.params.id)
    await reject(ctx, me, id)
    return renderRelationship(ctx, me, id!)
  })
}
