import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { activity } from '../../../../services/instance/stats.ts'

/** GET /api/v1/instance/activity — posts, sign-ins and sign-ups per week for twelve weeks. */
export default function instanceActivity(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/instance/activity', async () => activity(ctx))
}
