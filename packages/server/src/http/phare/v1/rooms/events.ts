import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { openRoomStream } from '../../../../services/rooms/stream.ts'
import { RoomParams } from './shared.ts'
import { eventStream } from '../../../event-stream.ts'

/**
 * GET /api/v1/phare/rooms/:id/events — the room's live events as server-sent events
 * (state, stage, hands, reactions, listener count); an open stream counts as a listener.
 */
export default function events(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: typeof RoomParams.static }>('/api/v1/phare/rooms/:id/events', {
    schema: { params: RoomParams },
    preHandler: [ctx.auth.optional()],
  }, async (req, reply) => {
    const stream = eventStream(req, reply)
    const room = await openRoomStream(ctx, req.viewer, req.params.id, (e) => stream.send(e.event, JSON.stringify(e.payload)), () => stream.end())
    for (const e of room.initial) stream.send(e.event, JSON.stringify(e.payload))
    let untrack = () => {}
    stream.start(() => { untrack(); room.close() })
    // Ended when the server drains: the page reconnects by itself.
    untrack = ctx.shutdown.track(() => stream.end())
  })
}
