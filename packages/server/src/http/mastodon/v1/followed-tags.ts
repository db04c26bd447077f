import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../context.ts'

/** GET /api/v1/followed_tags — hashtags I follow: following hashtags is not implemented yet. */
export default function followedTags(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/followed_tags', { preHandler: [ctx.auth.require('read:follows')] }, async () => [])
}
