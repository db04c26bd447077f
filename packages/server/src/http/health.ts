import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import type { AppContext } from '../context.ts'

/** Liveness and readiness for load balancers and the status prober: cheap, no auth, never cached. */
export default function health(app: FastifyInstance, ctx: AppContext) {
  app.get('/livez', async (_req, reply) => {
    reply.header('Cache-Control', 'no-store')
    return { status: 'ok' }
  })
  app.get('/readyz', async (_req, reply) => {
    reply.header('Cache-Control', 'no-store')
    if (ctx.shutdown.draining) return reply.status(503).send({ status: 'draining', code: 'shutting_down', error: 'This server is restarting; other nodes take its requests' })
    try {
      await sql`select 1`.execute(ctx.db)
      return { status: 'ok', database: ctx.dialect }
    } catch {
      return reply.status(503).send({ status: 'unavailable', code: 'database_unreachable', error: 'The database cannot be reached' })
    }
  })
}
