import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../../context.ts'
import { flagEventsFor } from '../../../../../services/flags/admin.ts'
import { renderFlagEvent } from '../../../../../views/flags.ts'

const Query = Type.Object({ key: Type.Optional(Type.String({ maxLength: 100 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) })

/** GET /api/v1/phare/admin/flags/events — the newest changes of all flags or of `key`, rollbacks included (admins only). */
export default function events(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: typeof Query.static }>('/api/v1/phare/admin/flags/events', {
    schema: { querystring: Query },
    preHandler: [ctx.auth.require('read')],
  }, async (req, reply) => {
    reply.header('cache-control', 'no-store')
    return (await flagEventsFor(ctx, req.viewer, req.query.key ?? null, req.query.limit)).map(renderFlagEvent)
  })
}
