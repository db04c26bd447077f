import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { parseId } from '../../../../ids.ts'
import { parsePage, setLinkHeader } from '../../../pagination.ts'
import { listMembers } from '../../../../services/lists/lists.ts'
import { renderAccountList } from '../../../../views/account-list.ts'
import { ListParams } from './body.ts'

const Query = Type.Object({
  max_id: Type.Optional(Type.String({ maxLength: 30 })),
  since_id: Type.Optional(Type.String({ maxLength: 30 })),
  min_id: Type.Optional(Type.String({ maxLength: 30 })),
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
}, { additionalProperties: true })

/** GET /api/v1/lists/:id/accounts — the accounts in a list, paginated (limit=0: all of them, as Mastodon). */
export default function accounts(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: typeof ListParams.static; Querystring: typeof Query.static }>('/api/v1/lists/:id/accounts', {
    schema: { params: ListParams, querystring: Query },
    preHandler: [ctx.auth.require('read:lists')],
  }, async (req, reply) => {
    const page = parsePage(req.query as Record<string, unknown>, 40, 80)
    if (req.query.limit === 0) page.limit = 0
    const members = await listMembers(ctx, userOf(req).accountId, parseId(req.params.id), page)
    if (page.limit > 0) setLinkHeader(req, reply, members.keys, ctx.config.publicUrl)
    return renderAccountList(ctx, members.accountIds)
  })
}
