import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'

/** GET /api/v1/instance/peers — domains this server federates with: none until federation exists. */
export default function peers(app: FastifyInstance, _ctx: AppContext) {
  app.get('/api/v1/instance/peers', async () => [])
}
