import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../context.ts'
import { userOf } from '../../auth.ts'
import { PageQuery, parsePage, setLinkHeader } from '../../pagination.ts'
import { savedStatuses } from '../../../services/timelines/saved.ts'

/**
 * Registers GET /api/v1/favourites or /api/v1/bookmarks: the signed-in person's saved posts,
 * paginated by the favourite's or bookmark's id, as Mastodon's Link header carries.
 */
export function savedListRoute(kind: 'favourites' | 'bookmarks', scope: string) {
  return (app: FastifyInstance, ctx: AppContext) => {
    app.get(`/api/v1/${kind}`, {
      schema: { querystring: PageQuery },
      preHandler: [ctx.auth.require(scope)],
    }, async (req, reply) => {
      const page = await savedStatuses(ctx, userOf(req), kind, parsePage(req.query as Record<string, unknown>))
      setLinkHeader(req, reply, page.keys, ctx.config.publicUrl)
      return page.statuses
    })
  }
}
