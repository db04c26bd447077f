import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { parseId } from '../../../../ids.ts'
import { dismiss as dismissOne } from '../../../../services/notifications/read.ts'

const Params = Type.Object({ id: Type.String({ maxLength: 30 }) })

/** POST /api/v1/notifications/:id/dismiss — deletes one of my notifications. */
export default function dismiss(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Params: typeof Params.static }>('/api/v1/notifications/:id/dismiss', {
    schema: { params: Params },
    preHandler: [ctx.auth.require('write:notifications')],
  }, async (req) => {
    await dismissOne(ctx, userOf(req).accountId, parseId(req.params.id))
    return {}
  })
}
