import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../context.ts'
import { withBasicClientCredentials } from './client-auth.ts'
import { revokeToken } from '../../services/oauth/revoke.ts'

const Body = Type.Object({
  client_id: Type.Optional(Type.String({ maxLength: 200 })),
  client_secret: Type.Optional(Type.String({ maxLength: 200 })),
  token: Type.Optional(Type.String({ maxLength: 200 })),
  token_type_hint: Type.Optional(Type.String({ maxLength: 50 })),
})

/** RFC 7009 token revocation: 200 with an empty object, also for unknown tokens. */
export default function revoke(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Body: typeof Body.static }>('/oauth/revoke', { schema: { body: Body } }, async (req, reply) => {
    const body = withBasicClientCredentials(req, req.body)
    await revokeToken(ctx, body)
    reply.header('Cache-Control', 'no-store')
    return {}
  })
}
