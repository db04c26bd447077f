import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { NotFound } from '../../../../errors.ts'

/** GET /api/v1/instance/terms_of_service[/:date] — 404 as in Mastodon when no terms were published (none can be yet). */
export default function termsOfService(app: FastifyInstance, _ctx: AppContext) {
  const none = async () => { throw NotFound() }
  app.get('/api/v1/instance/terms_of_service', none)
  app.get('/api/v1/instance/terms_of_service/:date', none)
}
