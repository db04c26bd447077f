import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { parseId } from '../../../../ids.ts'
import { PageQuery, parsePage, setLinkHeader } from '../../../pagination.ts'
import { accountStatuses } from '../../../../services/timelines/account-statuses.ts'
import { flag, text } from '../timelines/query.ts'

const Params = Type.Object({ id: Type.String({ maxLength: 30 }) })

/** GET /api/v1/accounts/:id/statuses — an account's posts as the viewer may see them. */
export default function statuses(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: typeof Params.static }>('/api/v1/accounts/:id/statuses', {
    schema: { params: Params, querystring: PageQuery },
    preHandler: [ctx.auth.optional()],
  }, async (req, reply) => {
    const q = req.query as Record<string, unknown>
    const page = await accountStatuses(ctx, req.viewer, parseId(req.params.id), {
      pinned: flag(q, 'pinned'), excludeReplies: flag(q, 'exclude_replies'), excludeReblogs: flag(q, 'exclude_reblogs'),
      onlyMedia: flag(q, 'only_media'), tagged: text(q, 'tagged'),
    }, parsePage(q))
    setLinkHeader(req, reply, page.keys, ctx.config.publicUrl)
    return page.statuses
  })
}
