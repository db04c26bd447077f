import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../context.ts'
import { withBasicClientCredentials } from './client-auth.ts'
import { exchangeToken } from '../../services/oauth/grant.ts'

const Body = Type.Object({
  grant_type: Type.String({ maxLength: 100 }),
  client_id: Type.Optional(Type.String({ maxLength: 200 })),
  client_secret: Type.Optional(Type.String({ maxLength: 200 })),
  code: Type.Optional(Type.String({ maxLength: 200 })),
  redirect_uri: Type.Optional(Type.String({ maxLength: 2000 })),
  code_verifier: Type.Optional(Type.String({ maxLength: 200 })),
  scope: Type.Optional(Type.String({ maxLength: 2000 })),
  username: Type.Optional(Type.String({ maxLength: 400 })),
  password: Type.Optional(Type.String({ maxLength: 2000 })),
})

/** RFC 6749 token endpoint. Errors use OAuth's own shape ({ error, error_description }). */
export default function token(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Body: typeof Body.static }>('/oauth/token', { schema: { body: Body } }, async (req, reply) => {
    const body = withBasicClientCredentials(req, req.body)
    reply.header('Cache-Control', 'no-store')
    return exchangeToken(ctx, body, req.ip)
  })
}
