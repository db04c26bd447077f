import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'

/** GET /api/v1/trends/links — trending links need link previews, which do not exist yet. */
export default function trendsLinks(app: FastifyInstance, _ctx: AppContext) {
  app.get('/api/v1/trends/links', async () => [])
}
