import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { parseId } from '../../../../ids.ts'
import { listsWithAccount } from '../../../../services/lists/lists.ts'
import { renderList } from '../../../../views/list.ts'

const Params = Type.Object({ id: Type.String({ maxLength: 30 }) })

/** GET /api/v1/accounts/:id/lists — which of my lists this account is in. */
export default function accountLists(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: typeof Params.static }>('/api/v1/accounts/:id/lists', {
    schema: { params: Params },
    preHandler: [ctx.auth.require('read:lists')],
  }, async (req) => (await listsWithAccount(ctx, userOf(req).accountId, parseId(req.params.id))).map(renderList))
}
