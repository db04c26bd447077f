import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { showRoom } from '../../../../services/rooms/show.ts'
import { renderRoom } from '../../../../views/room.ts'
import { RoomParams } from './shared.ts'

/**
 * GET /api/v1/phare/rooms/:id — the room, its stage and listener count. Anonymous answers are
 * the same for everyone and cacheable for a second, so a CDN in front absorbs a join storm.
 */
export default function show(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: typeof RoomParams.static }>('/api/v1/phare/rooms/:id', {
    schema: { params: RoomParams },
    preHandler: [ctx.auth.optional()],
  }, async (req, reply) => {
    const room = renderRoom(ctx, await showRoom(ctx, req.viewer, req.params.id))
    reply.header('cache-control', req.viewer ? 'private, no-store' : 'public, max-age=1')
    return room
  })
}
