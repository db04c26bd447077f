import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { createRoom } from '../../../../services/rooms/create.ts'
import { answerRoom } from './shared.ts'

const Body = Type.Object({
  title: Type.String({ maxLength: 2000 }),
  description: Type.Optional(Type.String({ maxLength: 20_000 })),
  topics: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 })),
  scheduled_at: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
  announce: Type.Optional(Type.String({ maxLength: 20 })),
})

/** POST /api/v1/phare/rooms — creates a room that starts now, or at `scheduled_at` (within 30 days), and the post announcing it. */
export default function create(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Body: typeof Body.static }>('/api/v1/phare/rooms', {
    schema: { body: Body },
    preHandler: [ctx.auth.require('write:statuses')],
  }, async (req, reply) => {
    const viewer = userOf(req)
    const b = req.body
    const room = await createRoom(ctx, viewer, { title: b.title, description: b.description, topics: b.topics, scheduledAt: b.scheduled_at, announce: b.announce })
    return answerRoom(ctx, viewer, String(room.id), reply)
  })
}
