import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { WebSocket } from 'ws'
import type { AppContext } from '../../context.ts'
import { PhareError } from '../../errors.ts'
import { openSession, type StreamRequest, type StreamSession } from '../../services/streaming/session.ts'
import { checkStream, streamViewer } from './viewer.ts'
import { SERVICE_RESTART } from '../../shutdown.ts'

// A proxy or load balancer closes a connection that is silent for a minute or so.
const PING_MS = 30_000

const str = (v: unknown) => (typeof v === 'string' && v ? v : null)

function initialStream(req: FastifyRequest): StreamRequest | null {
  const q = req.query as Record<string, unknown>
  const stream = str(q.stream)
  return stream ? { stream, tag: str(q.tag), list: str(q.list) } : null
}

function errorMessage(err: unknown): { error: string; status: number } {
  return err instanceof PhareError ? { error: err.message, status: err.status } : { error: 'Something went wrong on our side', status: 500 }
}

/** GET /api/v1/streaming (WebSocket): `?stream=` subscribes at once; `{"type":"subscribe"|"unsubscribe","stream","tag","list"}` messages change streams. */
export default function websocketStream(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/streaming', {
    websocket: true,
    preHandler: [streamViewer(ctx), checkStream(ctx, initialStream)],
  }, (socket: WebSocket, req: FastifyRequest) => {
    const sendJson = (v: unknown) => { if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(v)) }
    if (req.limitRefusal) { socket.close(1008, req.limitRefusal.message.slice(0, 120)); return }
    let session: StreamSession
    try {
      session = openSession(ctx, req.viewer, sendJson)
    } catch (err) {
      socket.close(1008, errorMessage(err).error.slice(0, 120))
      return
    }
    const ping = setInterval(() => { if (socket.readyState === socket.OPEN) socket.ping() }, PING_MS)
    // A restarting server says so: clients reconnect (to another node, or to this one once it is back).
    const untrack = ctx.shutdown.track(() => socket.close(SERVICE_RESTART, 'Service restart: reconnect'))
    socket.on('close', () => { clearInterval(ping); untrack(); session.close() })
    const initial = initialStream(req)
    if (initial) session.subscribe(initial).catch((err: unknown) => sendJson(errorMessage(err)))

    socket.on('message', (data) => {
      let msg: { type?: unknown; stream?: unknown; tag?: unknown; list?: unknown }
      try { msg = JSON.parse(String(data)) } catch { return sendJson({ error: 'Messages must be JSON', status: 400 }) }
      const stream = str(msg?.stream)
      if (!stream) return sendJson({ error: 'A stream is required', status: 400 })
      const r: StreamRequest = { stream, tag: str(msg.tag), list: str(msg.list) }
      const change = msg.type === 'subscribe' ? session.subscribe(r) : msg.type === 'unsubscribe' ? session.unsubscribe(r) : null
      if (!change) return sendJson({ error: 'type must be subscribe or unsubscribe', status: 400 })
      change.catch((err: unknown) => sendJson(errorMessage(err)))
    })
  })
}
