import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { parseId } from '../../../../ids.ts'
import { removeList } from '../../../../services/lists/lists.ts'
import { ListParams } from './body.ts'

/** DELETE /api/v1/lists/:id — deletes a list; the accounts in it are not affected. */
export default function remove(app: FastifyInstance, ctx: AppContext) {
  app.delete<{ Params: typeof ListParams.static }>('/api/v1/lists/:id', {
    schema: { params: ListParams },
    preHandler: [ctx.auth.require('write:lists')],
  }, async (req) => {
    await removeList(ctx, userOf(req).accountId, parseId(req.params.id))
    return {}
  })
}
