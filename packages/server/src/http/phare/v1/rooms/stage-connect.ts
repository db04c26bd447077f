import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { connectToStage } from '../../../../services/rooms/speak.ts'
import { RoomParams } from './shared.ts'

const Body = Type.Object({ sdp: Type.String({ maxLength: 65_536 }) })

/**
 * POST /api/v1/phare/rooms/:id/stage/connect — a speaker's microphone: their WebRTC offer
 * (one sending audio transceiver and 12 receive-only ones) in, the SFU's complete answer out.
 */
export default function stageConnect(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Params: typeof RoomParams.static; Body: typeof Body.static }>('/api/v1/phare/rooms/:id/stage/connect', {
    schema: { params: RoomParams, body: Body },
    preHandler: [ctx.auth.require('write:statuses')],
  }, async (req, reply) => {
    const { sdp, slots } = await connectToStage(ctx, userOf(req), req.params.id, req.body.sdp)
    reply.header('cache-control', 'no-store')
    return { type: 'answer', sdp, slots: slots.map((s) => ({ mid: s.mid, account_id: s.speaker })) }
  })
}
