import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.ts'
import { nodeInfo } from '../../services/instance/nodeinfo.ts'

const SCHEMA = (v: string) => `http://nodeinfo.diaspora.software/ns/schema/${v}`

/** GET /.well-known/nodeinfo (the links) and /nodeinfo/2.0, /nodeinfo/2.1 (the documents). */
export default function nodeinfo(app: FastifyInstance, ctx: AppContext) {
  app.get('/.well-known/nodeinfo', async (_req, reply) => {
    reply.header('cache-control', 'max-age=259200, public')
    return { links: ['2.0', '2.1'].map((v) => ({ rel: SCHEMA(v), href: `${ctx.config.publicUrl}/nodeinfo/${v}` })) }
  })
  for (const version of ['2.0', '2.1'] as const) {
    app.get(`/nodeinfo/${version}`, async (_req, reply) => {
      reply.header('content-type', `application/json; profile="${SCHEMA(version)}#"; charset=utf-8`).header('cache-control', 'max-age=1800, public')
      return JSON.stringify(await nodeInfo(ctx, version))
    })
  }
}
