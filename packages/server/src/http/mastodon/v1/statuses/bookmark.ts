import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { bookmark } from '../../../../services/statuses/interactions.ts'
import { renderStatuses } from '../../../../views/status.ts'
import { StatusIdParams } from './schemas.ts'

/** POST /api/v1/statuses/:id/bookmark: bookmark a post. */
export default function bookmarkRoute(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Params: StatusIdParams }>('/api/v1/statuses/:id/bookmark', {
    schema: { params: StatusIdParams },
    preHandler: [ctx.auth.require('write:bookmarks')],
  }, async (req) => {
    const row = await bookmark(ctx, userOf(req), req.params.id)
    const [json] = await renderStatuses(ctx, req.viewer, [row])
    return json
  })
}
