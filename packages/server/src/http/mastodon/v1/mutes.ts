import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../context.ts'
import { userOf } from '../../auth.ts'
import { PageQuery, parsePage, setLinkHeader } from '../../pagination.ts'
import { muteList } from '../../../services/graph/lists.ts'
import { renderAccountList } from '../../../views/account-list.ts'

/** GET /api/v1/mutes — accounts I mute, newest first, paginated with the Link header. */
export default function mutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/mutes', {
    schema: { querystring: PageQuery },
    preHandler: [ctx.auth.require('read:mutes')],
  }, async (req, reply) => {
    const page = await muteList(ctx, userOf(req).accountId, parsePage(req.query as Record<string, unknown>, 40, 80))
    setLinkHeader(req, reply, page.keys, ctx.config.publicUrl, { hasMore: page.hasMore })
    return renderAccountList(ctx, page.accountIds)
  })
}
