import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../context.ts'
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
    // RFC 6749 §2.3.1: client credentials may come in an HTTP Basic header instead of the body.
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')
    const body = { ...req.body }
    if (basic) {
      const [id, secret] = Buffer.from(basic[1], 'base64').toString().split(':').map(decodeURIComponent)
      body.client_id ??= id
      body.client_secret ??= secret
    }
    reply.header('Cache-Control', 'no-store')
    return exchangeToken(ctx, body)
  })
}
