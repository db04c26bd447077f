import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { appOfToken } from '../../../../services/oauth/apps.ts'

/** The application a token belongs to, without its credentials. */
export default function verifyCredentials(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/apps/verify_credentials', { preHandler: [ctx.auth.requireApp()] }, async (req) => {
    return appOfToken(ctx, req.viewer!.appId)
  })
}
