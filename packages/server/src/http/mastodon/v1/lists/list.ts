import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { myLists } from '../../../../services/lists/lists.ts'
import { renderList } from '../../../../views/list.ts'

/** GET /api/v1/lists — all my lists. */
export default function lists(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/lists', { preHandler: [ctx.auth.require('read:lists')] }, async (req) => (await myLists(ctx, userOf(req).accountId)).map(renderList))
}
