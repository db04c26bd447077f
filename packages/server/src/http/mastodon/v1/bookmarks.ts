import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../context.ts'
import { userOf } from '../../auth.ts'
import { PageQuery, parsePage, setLinkHeader } from '../../pagination.ts'
import { savedStatuses } from '../../../services/timelines/saved.ts'

/** GET /api/v1/bookmarks — paginated by the bookmark's id, as Mastodon's Link header carries. */
export default function bookmarks(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/bookmarks', {
    schema: { querystring: PageQuery },
    preHandler: [ctx.auth.require('read:bookmarks')],
  }, async (req, reply) => {
    const page = await savedStatuses(ctx, userOf(req), 'bookmarks', parsePage(req.query as Record<string, unknown>))
    setLinkHeader(req, reply, page.keys, ctx.config.publicUrl)
    return page.statuses
  })
}
