import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../context.ts'

/** GET /api/v1/phare/read_only — whether writes are refused now, why and what to tell people; public and cheap (memory only). */
export default function readOnlyState(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/phare/read_only', async (_req, reply) => {
    reply.header('cache-control', 'no-store')
    return ctx.readOnly.view()
  })
}
