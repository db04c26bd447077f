import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.ts'
import { authorizationServerMetadata } from '../../services/oauth/metadata.ts'

/** RFC 8414 authorization server metadata, as Mastodon 4.3 serves it. */
export default function metadata(app: FastifyInstance, ctx: AppContext) {
  app.get('/.well-known/oauth-authorization-server', async (_req, reply) => {
    reply.header('Cache-Control', 'public, max-age=300')
    return authorizationServerMetadata(ctx)
  })
}
