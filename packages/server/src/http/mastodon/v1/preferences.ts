import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../context.ts'
import { userOf } from '../../auth.ts'
import { preferences } from '../../../services/instance/preferences.ts'

/** GET /api/v1/preferences — the signed-in person's posting and reading defaults. */
export default function preferencesRoute(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/preferences', { preHandler: [ctx.auth.require('read:accounts')] }, async (req) => preferences(ctx, userOf(req).accountId))
}
