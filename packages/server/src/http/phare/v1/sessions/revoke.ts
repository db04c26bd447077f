import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { revokeSession } from '../../../../services/oauth/sessions.ts'

const Params = Type.Object({ id: Type.String({ maxLength: 30 }) })

/** DELETE /api/v1/phare/sessions/:id — revokes one of the account's tokens (404 for anyone else's). */
export default function revoke(app: FastifyInstance, ctx: AppContext) {
  app.delete<{ Params: typeof Params.static }>('/api/v1/phare/sessions/:id', {
    schema: { params: Params },
    preHandler: [ctx.auth.require('write:accounts')],
  }, async (req) => {
    await revokeSession(ctx, userOf(req), req.params.id)
    return {}
  })
}
