import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf, type Viewer } from '../../../auth.ts'
import { PageQuery, parsePage, setLinkHeader } from '../../../pagination.ts'
import { listNotifications } from '../../../../services/notifications/read.ts'
import type { NotificationRow } from '../../../../storage/repos/notifications.ts'
import { FilterQuery, filterOf } from './filter.ts'

const Query = Type.Composite([PageQuery, Type.Object(FilterQuery)], { additionalProperties: true })

/** Registers a notifications list (v1 flat, v2 grouped): newest first, filtered by type or sender, with the Link header. */
export function notificationListRoute(path: string, render: (ctx: AppContext, viewer: Viewer, rows: NotificationRow[]) => Promise<unknown>) {
  return (app: FastifyInstance, ctx: AppContext) => {
    app.get<{ Querystring: typeof Query.static }>(path, {
      schema: { querystring: Query },
      preHandler: [ctx.auth.require('read:notifications')],
    }, async (req, reply) => {
      const viewer = userOf(req)
      const page = await listNotifications(ctx, viewer.accountId, filterOf(req.query), parsePage(req.query, 40, 80))
      setLinkHeader(req, reply, page.keys, ctx.config.publicUrl)
      return render(ctx, viewer, page.rows)
    })
  }
}
