import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'

/** GET /api/v1/instance/rules — server rules: none can be configured yet. */
export default function rules(app: FastifyInstance, _ctx: AppContext) {
  app.get('/api/v1/instance/rules', async () => [])
}
