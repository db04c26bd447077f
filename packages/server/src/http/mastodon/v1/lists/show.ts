import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { parseId } from '../../../../ids.ts'
import { getList } from '../../../../services/lists/lists.ts'
import { renderList } from '../../../../views/list.ts'
import { ListParams } from './body.ts'

/** GET /api/v1/lists/:id — one of my lists (404 for anyone else's). */
export default function show(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: typeof ListParams.static }>('/api/v1/lists/:id', {
    schema: { params: ListParams },
    preHandler: [ctx.auth.require('read:lists')],
  }, async (req) => renderList(await getList(ctx, userOf(req).accountId, parseId(req.params.id))))
}
