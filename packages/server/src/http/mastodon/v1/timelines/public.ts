import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { PageQuery, parsePage, setLinkHeader } from '../../../pagination.ts'
import { publicTimeline } from '../../../../services/timelines/public.ts'
import { flag } from './query.ts'

/** GET /api/v1/timelines/public — public posts; open without a token. */
export default function publicRoute(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/timelines/public', {
    schema: { querystring: PageQuery },
    preHandler: [ctx.auth.optional()],
  }, async (req, reply) => {
    const q = req.query as Record<string, unknown>
    const filter = { local: flag(q, 'local'), remote: flag(q, 'remote'), onlyMedia: flag(q, 'only_media') }
    const page = await publicTimeline(ctx, req.viewer, filter, parsePage(q))
    setLinkHeader(req, reply, page.keys, ctx.config.publicUrl)
    return page.statuses
  })
}
