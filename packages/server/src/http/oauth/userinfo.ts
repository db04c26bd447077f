import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.ts'
import { userOf } from '../auth.ts'
import { userInfo } from '../../services/oauth/userinfo.ts'

/** OpenID-style userinfo (Mastodon 4.4): who signed in, for tokens with the `profile` scope. */
export default function userinfo(app: FastifyInstance, ctx: AppContext) {
  for (const method of ['GET', 'POST'] as const) {
    app.route({
      method, url: '/oauth/userinfo',
      preHandler: [ctx.auth.require('profile')],
      handler: async (req) => userInfo(ctx, userOf(req).accountId),
    })
  }
}
