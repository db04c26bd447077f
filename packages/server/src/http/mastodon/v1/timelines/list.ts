import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { PageQuery, parsePage, setLinkHeader } from '../../../pagination.ts'
import { listTimeline } from '../../../../services/timelines/list.ts'
import { userOf } from '../../../auth.ts'
import { parseId } from '../../../../ids.ts'

const Params = Type.Object({ id: Type.String({ maxLength: 30 }) })

/** GET /api/v1/timelines/list/:id — posts by a list's members, newest first. */
export default function list(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: typeof Params.static }>('/api/v1/timelines/list/:id', {
    schema: { params: Params, querystring: PageQuery },
    preHandler: [ctx.auth.require('read:lists')],
  }, async (req, reply) => {
    const page = await listTimeline(ctx, userOf(req), parseId(req.params.id), parsePage(req.query as Record<string, unknown>))
    setLinkHeader(req, reply, page.keys, ctx.config.publicUrl)
    return page.statuses
  })
}
