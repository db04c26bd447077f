import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { parseId } from '../../../../ids.ts'
import { addToList } from '../../../../services/lists/lists.ts'
import { AccountIdsBody, ListParams } from './body.ts'

/** POST /api/v1/lists/:id/accounts — adds accounts I follow to a list. */
export default function addAccounts(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Params: typeof ListParams.static; Body: typeof AccountIdsBody.static }>('/api/v1/lists/:id/accounts', {
    schema: { params: ListParams, body: AccountIdsBody },
    preHandler: [ctx.auth.require('write:lists')],
  }, async (req) => {
    const ids = (req.body?.account_ids ?? []).map(parseId).filter((x): x is number => x !== null)
    await addToList(ctx, userOf(req).accountId, parseId(req.params.id), ids)
    return {}
  })
}
