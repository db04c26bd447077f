import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { PageQuery, parsePage, setLinkHeader } from '../../../pagination.ts'
import { listNotifications } from '../../../../services/notifications/read.ts'
import { renderNotifications } from '../../../../views/notification.ts'
import { FilterQuery, filterOf } from './filter.ts'

const Query = Type.Composite([PageQuery, Type.Object(FilterQuery)], { additionalProperties: true })

/** GET /api/v1/notifications — my notifications, newest first, filtered by type or sender, with the Link header. */
export default function list(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: typeof Query.static }>('/api/v1/notifications', {
    schema: { querystring: Query },
    preHandler: [ctx.auth.require('read:notifications')],
  }, async (req, reply) => {
    const viewer = userOf(req)
    const page = await listNotifications(ctx, viewer.accountId, filterOf(req.query), parsePage(req.query, 40, 80))
    setLinkHeader(req, reply, page.keys, ctx.config.publicUrl)
    return renderNotifications(ctx, viewer, page.rows)
  })
}
