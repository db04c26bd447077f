// A server-sent event stream on a hijacked reply: the headers every stream needs, a heartbeat
// so proxies and browsers keep it open, and events written before the headers held until then.
import type { FastifyReply, FastifyRequest } from 'fastify'

// Proxies and browsers drop an idle event stream; a comment line keeps it open.
const HEARTBEAT_MS = 15_000

export interface EventStream {
  /** Writes one event (held until `start` when it comes earlier). */
  send(event: string, data: string): void
  /** Writes the headers and what was held, and starts the heartbeat; `onClose` runs when the client goes. */
  start(onClose: () => void): void
  end(): void
}

export function eventStream(req: FastifyRequest, reply: FastifyReply): EventStream {
  const res = reply.raw
  let held: [string, string][] | null = []
  const write = (event: string, data: string) => { res.write(`event: ${event}\ndata: ${data}\n\n`) }
  return {
    send(event, data) {
      if (held) held.push([event, data])
      else write(event, data)
    },
    start(onClose) {
      reply.hijack()
      // Headers set by hooks (CORS) are kept: hijacking bypasses Fastify's reply.
      res.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      })
      res.write(':)\n\n')
      const waiting = held ?? []
      held = null
      for (const [event, data] of waiting) write(event, data)
      const heartbeat = setInterval(() => res.write(':thump\n\n'), HEARTBEAT_MS)
      req.raw.on('close', () => { clearInterval(heartbeat); onClose() })
    },
    end: () => { res.end() },
  }
}
