import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { parseId } from '../../../../ids.ts'
import { mute } from '../../../../services/graph/block.ts'
import { renderRelationship } from '../../../../views/relationship.ts'

const Params = Type.Object({ id: Type.String({ maxLength: 30 }) })
const Body = Type.Union([Type.Null(), Type.Object({
  notifications: Type.Optional(Type.Boolean()),
  /** seconds; 0 means until unmuted */
  duration: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 * 365 * 86_400 })),
})])

/** POST /api/v1/accounts/:id/mute — hide an account (and by default its notifications); answers the Relationship. */
export default function muteRoute(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Params: typeof Params.static; Body: typeof Body.static }>('/api/v1/accounts/:id/mute', {
    schema: { params: Params, body: Body },
    preHandler: [ctx.auth.require('write:mutes')],
  }, async (req) => {
    const me = userOf(req).accountId
    const id = parseId(req.params.id)
    await mute(ctx, me, id, req.body?.notifications ?? true, req.body?.duration ?? 0)
    return renderRelationship(ctx, me, id!)
  })
}
