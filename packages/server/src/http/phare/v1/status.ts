import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../context.ts'

/** GET /api/v1/phare/status — where this server's status page is (PHARE_STATUS_URL), for the web app's link and banner. */
export default function statusPage(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/phare/status', async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=60')
    return { status_url: ctx.config.statusUrl }
  })
}
