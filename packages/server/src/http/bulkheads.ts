// Puts the routes of each part (media, rooms, search, streaming, notifications) behind the
// part's bulkhead (services/bulkheads): a request handler runs within the part's slots, time
// limit and breaker; a held connection (streaming, a room's events) takes a slot while open.
// Link previews and the background work of media and notifications are bulkheaded as queue lanes (jobs/index.ts).
import type { FastifyInstance, RouteOptions } from 'fastify'
import type { AppContext } from '../context.ts'
import type { Part } from '../services/bulkheads/index.ts'
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

const isAsync = (f: unknown) => typeof f === 'function' && f.constructor.name === 'AsyncFunction'

/** Wraps the handlers of every part's routes registered after this call, and holds a slot per open connection. */
export function registerBulkheads(app: FastifyInstance, ctx: AppContext): void {
  const b = ctx.bulkheads
  if (ctx.metrics) registerBulkheadMetrics(ctx.metrics.registry, b)
  app.addHook('onRoute', (route: RouteOptions) => {
    const part = partOf(route.url)
    // A held connection's handler returns once the stream is set up: its slot is taken in onRequest instead.
    // Callback-style handlers (reply.send later) are left alone: wrapping would answer before they do.
    if (!part || HELD.test(route.url) || !isAsync(route.handler)) return
    const handler = route.handler
    route.handler = async function (this: FastifyInstance, req, reply) {
      return b.run(part, () => (handler as (this: FastifyInstance, ...a: unknown[]) => Promise<unknown>).call(this, req, reply))
    }
  })
  app.addHook('onRequest', async (req, reply) => {
    const url = req.routeOptions.url ?? ''
    const part = partOf(url)
    if (!part) return
    if (!HELD.test(url)) { b.assertOpen(part); return }
    const held = b.hold(part)
    const socket = req.raw.socket
    const release = () => { held.release(true); socket?.off('close', release) }
    reply.raw.once('close', release)
    socket?.once('close', release)
  })
}
