import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { openRoomStream } from '../../../../services/rooms/stream.ts'
import { RoomParams } from './shared.ts'
import type { RoomEvent } from '../../../../services/rooms/events.ts'

// Proxies and browsers drop an idle event stream; a comment line keeps it open.
const HEARTBEAT_MS = 15_000

/**
 * GET /api/v1/phare/rooms/:id/events — the room's live events as server-sent events
 * (state, stage, hands, reactions, listener count); an open stream counts as a listener.
 */
export default function events(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: typeof RoomParams.static }>('/api/v1/phare/rooms/:id/events', {
    schema: { params: RoomParams },
    preHandler: [ctx.auth.optional()],
  }, async (req, reply) => {
    const res = reply.raw
    // Events that come before the headers are written wait for them.
    let early: RoomEvent[] | null = []
    const write = (e: RoomEvent) => {
      if (early) early.push(e)
      else res.write(`event: ${e.event}\ndata: ${JSON.stringify(e.payload)}\n\n`)
    }
    const stream = await openRoomStream(ctx, req.viewer, req.params.id, write, () => res.end())
    reply.hijack()
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    })
    res.write(':)\n\n')
    const waiting = [...stream.initial, ...early]
    early = null
    for (const e of waiting) write(e)
    const heartbeat = setInterval(() => res.write(':thump\n\n'), HEARTBEAT_MS)
    req.raw.on('close', () => { clearInterval(heartbeat); stream.close() })
  })
}
