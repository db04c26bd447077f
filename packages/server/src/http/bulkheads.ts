// Puts the routes of each part (media, rooms, search, streaming, notifications) behind the
// part's bulkhead (services/bulkheads): a request handler runs within the part's slots, time
// limit and breaker; a held connection (streaming, a room's events) takes a slot while open.
// Link previews and the background work of media and notifications are bulkheaded as queue lanes (jobs/index.ts).
import type { FastifyInstance, RouteOptions } from 'fastify'
import type { AppContext } from '../context.ts'
import { healthy, unavailable, type Part } from '../services/bulkheads/index.ts'
import { registerBulkheadMetrics } from '../services/bulkheads/metrics.ts'

const SEARCH = new Set(['/api/v2/search', '/api/v1/accounts/search', '/api/v1/search'])
const HELD = /^\/api\/v1\/streaming(?:$|\/(?!health$))|^\/api\/v1\/phare\/rooms\/:id\/events$/

/** The part a route belongs to, or null for the rest of Phare (posting, timelines, accounts…). */
export function partOf(url: string): Part | null {
  if (url.startsWith('/api/v1/media') || url === '/api/v2/media') return 'media'
  if (SEARCH.has(url)) return 'search'
  if (url.startsWith('/api/v1/phare/rooms')) return 'rooms'
  if (url === '/api/v1/streaming' || (url.startsWith('/api/v1/streaming/') && url !== '/api/v1/streaming/health')) return 'streaming'
  if (url.startsWith('/api/v1/notifications') || url.startsWith('/api/v2/notifications')) return 'notifications'
  return null
}

const heldOf = new WeakMap<object, { release(ok: boolean): void }>()

/** Wraps the handlers of every part's routes registered after this call, and holds a slot per open connection. */
export function registerBulkheads(app: FastifyInstance, ctx: AppContext): void {
  const b = ctx.bulkheads
  if (ctx.metrics) registerBulkheadMetrics(ctx.metrics.registry, b)
  app.addHook('onRoute', (route: RouteOptions) => {
    const part = partOf(route.url)
    // A held connection's handler returns once the stream is set up: its slot is taken in onRequest instead.
    if (!part || HELD.test(route.url)) return
    const handler = route.handler as (this: FastifyInstance, ...a: unknown[]) => unknown
    route.handler = async function (this: FastifyInstance, req, reply) {
      const r = await b.run(part, async () => handler.call(this, req, reply))
      // A handler that answers later with reply.send() returned nothing: returning the reply tells Fastify to wait for it.
      return r === undefined && !reply.sent ? reply : r
    }
  })
  app.addHook('onRequest', async (req, reply) => {
    const url = req.routeOptions.url ?? ''
    const part = partOf(url)
    if (!part) return
    if (!HELD.test(url)) {
      // Only the part's own breaker refuses. An upload is still taken while the media *jobs* fail
      // (their lane's breaker open): it is stored, its post publishes with the image "processing",
      // and the image appears once the jobs run again (test/media-isolation.test.ts).
      b.assertOpen(part)
      return
    }
    const held = b.hold(part)
    heldOf.set(req, held)
    const socket = req.raw.socket
    const release = () => { held.release(true); socket?.off('close', release) }
    reply.raw.once('close', release)
    socket?.once('close', release)
  })
  // A connection that could not be set up (a server-side failure, not a refusal) counts against its part's breaker.
  app.addHook('onError', async (req, _reply, err) => {
    if (!healthy(err)) heldOf.get(req)?.release(false)
  })
}
