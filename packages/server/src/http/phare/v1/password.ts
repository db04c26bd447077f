import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../context.ts'
import { userOf } from '../../auth.ts'
import { changePassword } from '../../../services/accounts/password-change.ts'

const Body = Type.Object({
  current_password: Type.String({ maxLength: 2000 }),
  new_password: Type.String({ maxLength: 2000 }),
})

/** POST /api/v1/phare/password — changes the password; the account's other tokens stop working. */
export default function password(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Body: typeof Body.static }>('/api/v1/phare/password', {
    schema: { body: Body },
    preHandler: [ctx.auth.require('write:accounts')],
  }, async (req, reply) => {
    await changePassword(ctx, userOf(req), req.body.current_password, req.body.new_password, req.ip)
    reply.header('cache-control', 'no-store')
    return {}
  })
}
