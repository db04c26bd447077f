import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { unreadCount as countUnread } from '../../../../services/notifications/read.ts'
import { FilterQuery, filterOf } from './filter.ts'

const Query = Type.Object({ ...FilterQuery, limit: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: true })

/** GET /api/v1/notifications/unread_count — notifications newer than my notifications marker (capped, default 100, at most 1000). */
export default function unreadCount(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: typeof Query.static }>('/api/v1/notifications/unread_count', {
    schema: { querystring: Query },
    preHandler: [ctx.auth.require('read:notifications')],
  }, async (req) => {
    const limit = Math.min(req.query.limit ?? 100, 1000)
    return { count: await countUnread(ctx, userOf(req).accountId, filterOf(req.query), limit) }
  })
}
