import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { parseId } from '../../../../ids.ts'
import { PageQuery, parsePage, setLinkHeader } from '../../../pagination.ts'
import { followList } from '../../../../services/graph/lists.ts'
import { renderAccountList } from '../../../../views/account-list.ts'

const Params = Type.Object({ id: Type.String({ maxLength: 30 }) })

/** GET /api/v1/accounts/:id/following — public, newest follow first, paginated by the follow's id with the Link header. */
export default function following(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: typeof Params.static }>('/api/v1/accounts/:id/following', {
    schema: { params: Params, querystring: PageQuery },
    preHandler: [ctx.auth.optional()],
  }, async (req, reply) => {
    const page = await followList(ctx, req.viewer?.accountId ?? null, parseId(req.params.id), 'following', parsePage(req.query as Record<string, unknown>, 40, 80))
    setLinkHeader(req, reply, page.keys, ctx.config.publicUrl, { hasMore: page.hasMore })
    return renderAccountList(ctx, page.accountIds)
  })
}
