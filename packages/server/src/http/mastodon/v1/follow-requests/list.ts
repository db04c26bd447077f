import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { PageQuery, parsePage, setLinkHeader } from '../../../pagination.ts'
import { requestList } from '../../../../services/graph/lists.ts'
import { renderAccountList } from '../../../../views/account-list.ts'

/** GET /api/v1/follow_requests — accounts asking to follow me, newest first, paginated with the Link header. */
export default function followRequests(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/follow_requests', {
    schema: { querystring: PageQuery },
    preHandler: [ctx.auth.require('read:follows')],
  }, async (req, reply) => {
    const page = await requestList(ctx, userOf(req).accountId, parsePage(req.query as Record<string, unknown>, 40, 80))
    setLinkHeader(req, reply, page.keys, ctx.config.publicUrl, { hasMore: page.hasMore })
    return renderAccountList(ctx, page.accountIds)
  })
}
