import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { parseId } from '../../../../ids.ts'
import { NotFound } from '../../../../errors.ts'
import { getNotification } from '../../../../services/notifications/read.ts'
import { renderNotifications } from '../../../../views/notification.ts'

const Params = Type.Object({ id: Type.String({ maxLength: 30 }) })

/** GET /api/v1/notifications/:id — one of my notifications. */
export default function show(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: typeof Params.static }>('/api/v1/notifications/:id', {
    schema: { params: Params },
    preHandler: [ctx.auth.require('read:notifications')],
  }, async (req) => {
    const viewer = userOf(req)
    const [json] = await renderNotifications(ctx, viewer, [await getNotification(ctx, viewer.accountId, parseId(req.params.id))])
    if (!json) throw NotFound()
    return json
  })
}
