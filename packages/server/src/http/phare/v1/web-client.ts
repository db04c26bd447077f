import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../context.ts'
import { webClient } from '../../../services/plans/web-client.ts'

/** GET /api/v1/phare/web_client — the web app's own (first-party) OAuth client for this server. */
export default function webClientRoute(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/phare/web_client', async (_req, reply) => {
    reply.header('cache-control', 'no-store')
    return webClient(ctx)
  })
}
