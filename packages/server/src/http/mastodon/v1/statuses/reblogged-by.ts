import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { PageQuery, parsePage, setLinkHeader } from '../../../pagination.ts'
import { rebloggedBy } from '../../../../services/statuses/who.ts'
import { renderAccountList } from '../../../../views/account-list.ts'
import { StatusIdParams } from './schemas.ts'

/** GET /api/v1/statuses/:id/reblogged_by: accounts that reposted the post, newest first, paginated with a Link header. */
export default function rebloggedByRoute(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: StatusIdParams; Querystring: typeof PageQuery.static }>('/api/v1/statuses/:id/reblogged_by', {
    schema: { params: StatusIdParams, querystring: PageQuery },
    preHandler: [ctx.auth.optional()],
  }, async (req, reply) => {
    const page = await rebloggedBy(ctx, req.viewer, req.params.id, parsePage(req.query, 40, 80))
    setLinkHeader(req, reply, page.keys, ctx.config.publicUrl)
    return renderAccountList(ctx, page.accountIds)
  })
}
