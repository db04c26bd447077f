import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { listSessions } from '../../../../services/oauth/sessions.ts'
import { renderSessions } from '../../../../views/session.ts'

/** GET /api/v1/phare/sessions — the account's live tokens and their apps, the caller's marked `current`. */
export default function list(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/phare/sessions', { preHandler: [ctx.auth.require('read:accounts')] }, async (req, reply) => {
    const viewer = userOf(req)
    reply.header('cache-control', 'no-store')
    return renderSessions(await listSessions(ctx, viewer), viewer.tokenId)
  })
}
