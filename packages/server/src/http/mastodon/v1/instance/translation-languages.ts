import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'

/** GET /api/v1/instance/translation_languages — translation is not offered, so no language pairs. */
export default function translationLanguages(app: FastifyInstance, _ctx: AppContext) {
  app.get('/api/v1/instance/translation_languages', async () => ({}))
}
