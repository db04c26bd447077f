import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { parseId } from '../../../../ids.ts'
import { unmute } from '../../../../services/graph/block.ts'
import { renderRelationship } from '../../../../views/relationship.ts'

const Params = Type.Object({ id: Type.String({ maxLength: 30 }) })

/** POST /api/v1/accounts/:id/unmute — lift a mute; answers the Relationship. */
export default function unmuteRoute(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Params: typeof Params.static }>('/api/v1/accounts/:id/unmute', {
    schema: { params: Params },
    preHandler: [ctx.auth.require('write:mutes')],
  }, async (req) => {
    const me = userOf(req).accountId
    const id = parseId(req.params.id)
    await unmute(ctx, me, id)
    return renderRelationship(ctx, me, id!)
  })
}
