import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../context.ts'
import { webfinger } from '../../services/instance/webfinger.ts'

const Query = Type.Object({ resource: Type.Optional(Type.String({ maxLength: 512 })) }, { additionalProperties: true })

/** GET /.well-known/webfinger?resource=acct:alice@domain — the JRD of a local account. */
export default function webfingerRoute(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: typeof Query.static }>('/.well-known/webfinger', { schema: { querystring: Query } }, async (req, reply) => {
    const jrd = await webfinger(ctx, req.query.resource)
    reply.header('content-type', 'application/jrd+json; charset=utf-8').header('cache-control', 'max-age=259200, public')
    return JSON.stringify(jrd)
  })
}
