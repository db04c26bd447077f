import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { extendedDescription } from '../../../../services/instance/documents.ts'

/** GET /api/v1/instance/extended_description — the longer "about" text, as HTML. */
export default function extendedDescriptionRoute(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/instance/extended_description', async () => extendedDescription(ctx))
}
