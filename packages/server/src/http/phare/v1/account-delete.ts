import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../context.ts'
import { userOf } from '../../auth.ts'
import { deleteOwnAccount } from '../../../services/accounts/delete-account.ts'

const Body = Type.Object({ password: Type.String({ maxLength: 2000 }) })

/** POST /api/v1/phare/account/delete — deletes the signed-in person's account; its data goes in the background. */
export default function accountDelete(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Body: typeof Body.static }>('/api/v1/phare/account/delete', {
    schema: { body: Body },
    preHandler: [ctx.auth.require('write:accounts')],
  }, async (req, reply) => {
    await deleteOwnAccount(ctx, userOf(req), req.body.password, req.ip)
    reply.code(202).header('cache-control', 'no-store')
    return { state: 'deleting' }
  })
}
