// GET /metrics: Prometheus' text format, for the operator's scraper. Not for the public: only
// from this machine, or with PHARE_METRICS_TOKEN as a bearer token from elsewhere.
import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AppContext } from '../context.ts'

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/

function allowed(ctx: AppContext, req: FastifyRequest): boolean {
  const token = ctx.config.metricsToken
  const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
  if (token && given) {
    const a = Buffer.from(given), b = Buffer.from(token)
    return a.length === b.length && timingSafeEqual(a, b)
  }
  // The socket's own peer, not X-Forwarded-For: a request relayed by a local proxy is not "local".
  return LOOPBACK.test(req.socket.remoteAddress ?? '') && req.headers['x-forwarded-for'] === undefined
}

export default function metrics(app: FastifyInstance, ctx: AppContext) {
  app.get('/metrics', async (req, reply) => {
    if (!allowed(ctx, req)) return reply.code(404).send({ error: 'Record not found', code: 'not_found' })
    reply.header('content-type', ctx.metrics.registry.contentType).header('cache-control', 'no-store')
    return ctx.metrics.registry.metrics()
  })
}
