import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../context.ts'
import { notReady } from '../services/readiness.ts'

/** Liveness and readiness for load balancers and the status prober: cheap, no auth, never cached. */
export default function health(app: FastifyInstance, ctx: AppContext) {
  app.get('/livez', async (_req, reply) => {
    reply.header('Cache-Control', 'no-store')
    return { status: 'ok' }
  })
  app.get('/readyz', async (_req, reply) => {
    reply.header('Cache-Control', 'no-store')
    const problem = await notReady(ctx)
    if (!problem) return { status: 'ok', database: ctx.dialect }
    return reply.status(503).send(problem)
  })
}
