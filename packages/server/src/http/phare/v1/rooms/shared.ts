// What every room endpoint shares: the path parameter, and answering with the room as the caller now sees it.
import type { FastifyInstance, FastifyReply } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf, type UserViewer } from '../../../auth.ts'
import { showRoom } from '../../../../services/rooms/show.ts'
import { renderRoom } from '../../../../views/room.ts'

export const RoomParams = Type.Object({ id: Type.String({ maxLength: 30 }) })

/** Renders the room for the caller; per-viewer answers are never cached by anyone. */
export async function answerRoom(ctx: AppContext, viewer: UserViewer, id: string, reply: FastifyReply) {
  reply.header('cache-control', 'private, no-store')
  return renderRoom(ctx, await showRoom(ctx, viewer, id))
}

type Run = (ctx: AppContext, viewer: UserViewer, id: string, body: Record<string, unknown>) => Promise<unknown>

/**
 * An action on a room by a signed-in person: one service call, then the room as they now see it.
 * Bodies are optional JSON objects; the services validate their fields (422 with the field's name).
 */
export function roomAction(method: 'POST' | 'DELETE', path: string, run: Run) {
  return (app: FastifyInstance, ctx: AppContext) => {
    app.route<{ Params: typeof RoomParams.static }>({
      method, url: `/api/v1/phare/rooms/:id${path}`,
      schema: { params: RoomParams },
      preHandler: [ctx.auth.require('write:statuses')],
      handler: async (req, reply) => {
        const viewer = userOf(req)
        const body = req.body && typeof req.body === 'object' ? req.body as Record<string, unknown> : {}
        await run(ctx, viewer, req.params.id, body)
        return answerRoom(ctx, viewer, req.params.id, reply)
      },
    })
  }
}
