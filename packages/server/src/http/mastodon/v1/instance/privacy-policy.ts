import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { privacyPolicy } from '../../../../services/instance/documents.ts'

/** GET /api/v1/instance/privacy_policy — the privacy policy, as HTML. */
export default function privacyPolicyRoute(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/instance/privacy_policy', async () => privacyPolicy(ctx))
}
