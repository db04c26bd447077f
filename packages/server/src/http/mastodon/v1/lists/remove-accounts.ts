import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { parseId } from '../../../../ids.ts'
import { removeFromList } from '../../../../services/lists/lists.ts'
import { AccountIdsBody, ListParams } from './body.ts'

/** DELETE /api/v1/lists/:id/accounts — takes accounts out of a list (ids in the body or the query). */
export default function removeAccounts(app: FastifyInstance, ctx: AppContext) {
  app.delete<{ Params: typeof ListParams.static; Body: typeof AccountIdsBody.static; Querystring: typeof AccountIdsBody.static }>('/api/v1/lists/:id/accounts', {
    schema: { params: ListParams, body: Type.Optional(AccountIdsBody), querystring: AccountIdsBody },
    preHandler: [ctx.auth.require('write:lists')],
  }, async (req) => {
    const raw = req.body?.account_ids ?? req.query.account_ids ?? []
    await removeFromList(ctx, userOf(req).accountId, parseId(req.params.id), raw.map(parseId).filter((x): x is number => x !== null))
    return {}
  })
}
