import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { parseId } from '../../../../ids.ts'
import { ValidationFailed } from '../../../../errors.ts'
import { setMarkers, TIMELINES, type Timeline } from '../../../../services/markers/markers.ts'
import { renderMarkers } from '../../../../views/marker.ts'

const Position = Type.Object({ last_read_id: Type.String({ maxLength: 30 }) })
const Body = Type.Object({ home: Type.Optional(Position), notifications: Type.Optional(Position) }, { additionalProperties: true })

/** POST /api/v1/markers — moves my read positions (home[last_read_id], notifications[last_read_id]). */
export default function update(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Body: typeof Body.static }>('/api/v1/markers', {
    schema: { body: Body },
    preHandler: [ctx.auth.require('write:statuses')],
  }, async (req) => {
    const positions: Partial<Record<Timeline, number>> = {}
    for (const t of TIMELINES) {
      const raw = req.body[t]?.last_read_id
      if (raw === undefined) continue
      const id = parseId(raw)
      if (id === null) throw ValidationFailed(`${t}.last_read_id`, 'is not a valid id')
      positions[t] = id
    }
    return renderMarkers(await setMarkers(ctx, userOf(req).accountId, positions))
  })
}
