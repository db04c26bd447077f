import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.ts'

/** GET /api/v1/streaming/health — "OK" while this node accepts streaming connections. */
export default function health(app: FastifyInstance, _ctx: AppContext) {
  app.get('/api/v1/streaming/health', async (_req, reply) => reply.type('text/plain; charset=utf-8').send('OK'))
}
