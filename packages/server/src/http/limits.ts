// Every request is checked against the rate limits before anything else runs: its route
// group from the method and route, its caller from the address and (cheaply, through the
// token cache) the token. Streaming connections are also held, and released on close.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { PhareError } from '../errors.ts'
import type { AppContext } from '../context.ts'
import type { Group } from '../services/limits/policy.ts'
import type { Caller } from '../services/limits/engine.ts'
import { rateLimitHeaders, rateLimitedError, tooManyConnectionsError } from '../services/limits/headers.ts'
import { tokenOf } from './auth.ts'
import { registerLimitMetrics } from '../services/limits/metrics.ts'
import { countAppRequest, planGate, planRefusal, registerPlanUsage } from './plans.ts'

const SIGN_IN = new Set(['/oauth/token', '/oauth/authorize', '/auth/password', '/auth/password/edit', '/api/v1/phare/password'])
const SEARCH = new Set(['/api/v2/search', '/api/v1/accounts/search'])
// Files served from disk or memory (the web app, media, live-room audio) and probes: cheap, and
// fetched in bursts by every page and every listener; defending them is the job of caching and shedding.
const UNLIMITED = /^(?:\*$|\/(?:$|\*$|index\.html$|media\/|hls\/|avatars\/|headers\/|livez$|readyz$|metrics$|api\/v1\/streaming\/health$))/

/** The route group of a request, from its method and route pattern; null for what limits do not count. */
export function routeGroup(method: string, route: string | undefined): Group | null {
  if (method === 'OPTIONS') return null
  const url = route ?? ''
  if (UNLIMITED.test(url)) return null
  if (url === '/api/v1/streaming' || (url.startsWith('/api/v1/streaming/'))) return 'streaming'
  if (method === 'GET' || method === 'HEAD') return SEARCH.has(url) ? 'search' : 'read'
  if (url === '/api/v1/accounts' && method === 'POST') return 'sign-up'
  if (SIGN_IN.has(url)) return 'sign-in'
  if ((url === '/api/v1/media' || url === '/api/v2/media') && method === 'POST') return 'media'
  return 'write'
}

function protocolToken(req: FastifyRequest): string | null {
  const h = req.headers['sec-websocket-protocol']
  return (Array.isArray(h) ? h[0] : h)?.split(',')[0]?.trim() || null
}

async function callerOf(ctx: AppContext, req: FastifyRequest, group: Group): Promise<Caller> {
  const token = tokenOf(req) ?? (group === 'streaming' ? protocolToken(req) : null)
  // An invalid token counts as anonymous here; the route itself answers 401.
  const viewer = token ? await ctx.auth.viewerFor(token).catch(() => null) : null
  return { ip: req.ip, accountId: viewer?.accountId ?? null, tokenId: viewer?.tokenId ?? null, appId: viewer?.appId ?? null }
}

declare module 'fastify' {
  // A WebSocket over its connection cap is told so on the socket (1008 and the reason), which a browser app
  // can read, unlike the status of a refused upgrade; the WebSocket route closes it with this error.
  interface FastifyRequest { limitRefusal: PhareError | null }
}

/** Adds the rate-limit hook to every route. */
export function registerLimits(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('limitRefusal', null)
  if (ctx.metrics) registerLimitMetrics(ctx.metrics.registry, ctx.limits)
  registerPlanUsage(app, ctx)
  app.addHook('onRequest', async (req, reply) => {
    const group = routeGroup(req.method, req.routeOptions.url)
    if (!group) return
    const caller = await callerOf(ctx, req, group)
    // Third-party apps only: their API plan's endpoints and quota (http/plans.ts).
    const gate = await planGate(ctx, req.method, req.routeOptions.url ?? '', group, caller)
    const checked = ctx.limits.check(group, caller)
    const decision = checked instanceof Promise ? await checked : checked
    const now = Date.now()
    reply.headers(rateLimitHeaders(decision, now))
    const refusal = planRefusal(ctx, gate, decision.refusedBy, now)
    if (refusal) throw refusal
    if (decision.refusedBy) throw rateLimitedError(decision.refusedBy, now)
    countAppRequest(ctx, caller.appId)
    if (group !== 'streaming') return
    const held = ctx.limits.connect(caller)
    if (!held.ok) {
      const refusal = tooManyConnectionsError(held.policy, now)
      if (String(req.headers.upgrade).toLowerCase() !== 'websocket') throw refusal
      req.limitRefusal = refusal
      return
    }
    // A WebSocket's response is bound to its socket, an event stream's to its request: either closing ends the connection.
    const socket = req.raw.socket
    const release = () => { held.release(); socket?.off('close', release) }
    reply.raw.once('close', release)
    socket?.once('close', release)
  })
}
