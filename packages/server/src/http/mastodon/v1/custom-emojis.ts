import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../context.ts'

/** GET /api/v1/custom_emojis — this server's custom emoji: none can be uploaded yet. */
export default function customEmojis(app: FastifyInstance, _ctx: AppContext) {
  app.get('/api/v1/custom_emojis', async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=300')
    return []
  })
}
