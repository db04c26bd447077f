import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { linkHeader, PageQuery, parsePage } from '../../../pagination.ts'
import { homeTimelinePage } from '../../../../services/timelines/home.ts'

/** GET /api/v1/timelines/home — followed accounts' posts and one's own, newest first. */
export default function home(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/timelines/home', {
    schema: { querystring: PageQuery },
    preHandler: [ctx.auth.require('read:statuses')],
  }, async (req, reply) => {
    const page = await homeTimelinePage(ctx, userOf(req), parsePage(req.query as Record<string, unknown>))
    page.links ??= new Map()
    let link = page.links.get(req.url)
    if (link === undefined) {
      link = linkHeader(req.url, page.keys, ctx.config.publicUrl)
      if (page.links.size < 8) page.links.set(req.url, link)
    }
    if (link) reply.header('Link', link)
    return reply.type('application/json; charset=utf-8').send(page.body)
  })
}
