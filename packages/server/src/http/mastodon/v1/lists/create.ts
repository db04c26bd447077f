import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { parseId } from '../../../../ids.ts'
import { createList } from '../../../../services/lists/lists.ts'
import { renderList } from '../../../../views/list.ts'
import { ListBody } from './body.ts'

/** POST /api/v1/lists — creates a list. */
export default function create(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Body: typeof ListBody.static }>('/api/v1/lists', {
    schema: { body: ListBody },
    preHandler: [ctx.auth.require('write:lists')],
  }, async (req) => renderList(await createList(ctx, userOf(req).accountId, req.body ?? {})))
}
