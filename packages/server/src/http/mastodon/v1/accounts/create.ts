import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { registerThroughApp } from '../../../../services/accounts/register.ts'

const Body = Type.Object({
  username: Type.String({ maxLength: 100 }),
  email: Type.String({ maxLength: 400 }),
  password: Type.String({ maxLength: 2000 }),
  agreement: Type.Boolean(),
  locale: Type.Optional(Type.String({ maxLength: 20 })),
  reason: Type.Optional(Type.String({ maxLength: 2000 })),
})

/** Sign-up as Mastodon does it: an app token creates the account and receives the person's token. */
export default function create(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Body: typeof Body.static }>('/api/v1/accounts', {
    schema: { body: Body },
    preHandler: [ctx.auth.requireApp('write:accounts')],
  }, async (req) => {
    return registerThroughApp(ctx, req.viewer!.appId, req.body)
  })
}
