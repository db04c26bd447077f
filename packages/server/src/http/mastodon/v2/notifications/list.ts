import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { PageQuery, parsePage, setLinkHeader } from '../../../pagination.ts'
import { listNotifications } from '../../../../services/notifications/read.ts'
import { renderGroupedNotifications } from '../../../../views/notification.ts'
import { FilterQuery, filterOf } from '../../v1/notifications/filter.ts'

const Query = Type.Composite([PageQuery, Type.Object(FilterQuery)], { additionalProperties: true })

/** GET /api/v2/notifications — my notifications in Mastodon 4.3's grouped shape (one notification per group). */
export default function listGrouped(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: typeof Query.static }>('/api/v2/notifications', {
    schema: { querystring: Query },
    preHandler: [ctx.auth.require('read:notifications')],
  }, async (req, reply) => {
    const viewer = userOf(req)
    const page = await listNotifications(ctx, viewer.accountId, filterOf(req.query), parsePage(req.query, 40, 80))
    setLinkHeader(req, reply, page.keys, ctx.config.publicUrl)
    return renderGroupedNotifications(ctx, viewer, page.rows)
  })
}
