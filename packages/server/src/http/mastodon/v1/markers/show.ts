import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { getMarkers, type Timeline } from '../../../../services/markers/markers.ts'
import { renderMarkers } from '../../../../views/marker.ts'

const Query = Type.Object({ timeline: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 })) }, { additionalProperties: true })

/** GET /api/v1/markers?timeline[]=home&timeline[]=notifications — my read positions. */
export default function show(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: typeof Query.static }>('/api/v1/markers', {
    schema: { querystring: Query },
    preHandler: [ctx.auth.require('read:statuses')],
  }, async (req) => {
    return renderMarkers(await getMarkers(ctx, userOf(req).accountId, (req.query.timeline ?? []) as Timeline[]))
  })
}
