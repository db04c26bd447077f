import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { PageQuery, parsePage, setLinkHeader } from '../../../pagination.ts'
import { tagTimeline } from '../../../../services/timelines/public.ts'
import { flag, stringList } from './query.ts'

const Params = Type.Object({ hashtag: Type.String({ minLength: 1, maxLength: 100 }) })

/** GET /api/v1/timelines/tag/:hashtag — public posts with the tag (any[], all[], none[] refine it). */
export default function tag(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: typeof Params.static }>('/api/v1/timelines/tag/:hashtag', {
    schema: { params: Params, querystring: PageQuery },
    preHandler: [ctx.auth.optional()],
  }, async (req, reply) => {
    const q = req.query as Record<string, unknown>
    const page = await tagTimeline(ctx, req.viewer, {
      tag: req.params.hashtag, any: stringList(q, 'any'), all: stringList(q, 'all'), none: stringList(q, 'none'),
      local: flag(q, 'local'), remote: flag(q, 'remote'), onlyMedia: flag(q, 'only_media'),
    }, parsePage(q))
    setLinkHeader(req, reply, page.keys, ctx.config.publicUrl)
    return page.statuses
  })
}
