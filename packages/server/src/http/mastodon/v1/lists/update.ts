import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { parseId } from '../../../../ids.ts'
import { updateList } from '../../../../services/lists/lists.ts'
import { renderList } from '../../../../views/list.ts'
import { ListBody, ListParams } from './body.ts'

/** PUT /api/v1/lists/:id — renames a list or changes its replies policy or exclusivity. */
export default function update(app: FastifyInstance, ctx: AppContext) {
  app.put<{ Params: typeof ListParams.static; Body: typeof ListBody.static }>('/api/v1/lists/:id', {
    schema: { params: ListParams, body: ListBody },
    preHandler: [ctx.auth.require('write:lists')],
  }, async (req) => renderList(await updateList(ctx, userOf(req).accountId, parseId(req.params.id), req.body ?? {})))
}
