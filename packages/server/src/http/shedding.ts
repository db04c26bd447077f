// The abuse defence at the door, before the rate limits and every route: measures the
// requests in flight, refuses by priority when the server is saturated (503 + Retry-After)
// and, while anonymous traffic is challenged, answers it with a proof-of-work puzzle
// (a page for browsers, JSON for API clients). People with a valid token or web session
// are never challenged. Also the connection timeouts that cut slowloris clients off.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import type { AppContext } from '../context.ts'
import { ChallengeRequired, Overloaded, PhareError, ValidationFailed } from '../errors.ts'
import { createShedding, MAX_HELD, type Shedding } from '../services/shedding/index.ts'
import { priorityOf, type Standing } from '../services/shedding/priority.ts'
import { registerSheddingMetrics } from '../services/shedding/metrics.ts'
import { webSessionFor } from '../services/oauth/web-sessions.ts'
import { sharedSecret } from '../services/secrets.ts'
import { CHALLENGE_CSP, CHALLENGE_PATH, SOLVER_JS, WORKER_JS, challengePage } from '../views/challenge.ts'
import { readCookie, SESSION_COOKIE, setCookie } from './oauth/cookies.ts'
import { tokenOf } from './auth.ts'
import { routeGroup } from './limits.ts'

export const PASS_COOKIE = 'phare_pass'
const PAGES = new Set(['/', '/*', '/index.html'])

declare module 'fastify' {
  interface FastifyInstance { shedding: Shedding }
}

/** The standing of a request's caller: a person (token or web session), an app token, a solved challenge, or nobody. */
async function standingOf(ctx: AppContext, s: Shedding, req: FastifyRequest, sessions: Map<string, number>): Promise<Standing> {
  const h = req.headers['sec-websocket-protocol']
  const token = tokenOf(req) ?? ((Array.isArray(h) ? h[0] : h)?.split(',')[0]?.trim() || null)
  if (token) {
    const viewer = await ctx.auth.viewerFor(token).catch(() => null)
    if (viewer) return viewer.accountId === null ? 'app' : 'person'
  }
  const session = readCookie(req, SESSION_COOKIE)
  if (session) {
    // A live session is remembered for a minute, so a reload storm of signed-in browsers costs no queries.
    const now = Date.now()
    if ((sessions.get(session) ?? 0) > now) return 'person'
    if (await webSessionFor(ctx, session).catch(() => null)) {
      if (sessions.size > 10_000) sessions.clear()
      sessions.set(session, now + 60_000)
      return 'person'
    }
  }
  return s.challenges.validPass(req.ip, readCookie(req, PASS_COOKIE)) ? 'passed' : 'anonymous'
}

/** Holds an anonymous refusal for a while under pressure (see Shedding.tarpitMs). */
async function tarpit(s: Shedding): Promise<void> {
  if (s.pressure.level() === 0 || s.tarpitMs === 0 || s.held >= MAX_HELD) return
  s.held++
  await new Promise((r) => setTimeout(r, s.tarpitMs))
  s.held--
}

function wantsPage(req: FastifyRequest): boolean {
  return req.method === 'GET' && !req.url.startsWith('/api/') && /\btext\/html\b/.test(req.headers.accept ?? '')
}

function challenge(ctx: AppContext, s: Shedding, req: FastifyRequest, reply: FastifyReply) {
  const c = s.challenges.issue(req.ip, s.difficulty())
  if (wantsPage(req)) {
    return reply.status(ChallengeRequired.status).header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store').header('content-security-policy', CHALLENGE_CSP).header('x-content-type-options', 'nosniff')
      .send(challengePage(ctx.config.instanceTitle, c.token, c.difficulty))
  }
  const e = ChallengeRequired()
  throw new PhareError(e.code, e.status, e.message, {
    challenge: {
      algorithm: 'sha-256', token: c.token, difficulty: c.difficulty, expires_at: new Date(c.expiresAt).toISOString(), submit: CHALLENGE_PATH,
      how: `Find a decimal number n such that SHA-256("<token>:<n>") starts with ${c.difficulty} zero bits; POST {"token","solution":"<n>"} as JSON to ${CHALLENGE_PATH}, then send the ${PASS_COOKIE} cookie it sets with every request.`,
    },
  })
}

const Solution = Type.Object({ token: Type.String({ maxLength: 200 }), solution: Type.String({ maxLength: 64 }) })

/** Adds the defence's hook, its challenge routes, its metrics and the connection timeouts. */
export async function registerShedding(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // Shared by every node, so that a pass one node issued is good on the others.
  const s = createShedding(ctx.config, ctx.log, await sharedSecret(ctx, 'challenge'))
  app.decorate('shedding', s)
  app.addHook('onClose', async () => s.stop())
  if (ctx.metrics) registerSheddingMetrics(ctx.metrics.registry, s)
  // Headers must arrive within this time (checked every second: see app.ts), whatever trickles in.
  app.server.headersTimeout = ctx.config.headersTimeoutS * 1000
  const sessions = new Map<string, number>()

  app.addHook('onRequest', async (req, reply) => {
    const route = req.routeOptions.url ?? ''
    if (route.startsWith(CHALLENGE_PATH)) return
    const page = req.method === 'GET' && PAGES.has(route)
    const group = routeGroup(req.method, route) ?? (page ? 'read' : null)
    if (!group) return
    let refused = false
    if (group !== 'streaming') {
      const end = s.pressure.begin()
      reply.raw.once('close', () => end(refused))
    }
    const reason = s.challengeReason()
    if (s.pressure.level() === 0 && !reason) return
    const standing = await standingOf(ctx, s, req, sessions)
    if (reason && standing === 'anonymous') {
      s.stats.challenged[reason]++
      refused = true
      await tarpit(s)
      return challenge(ctx, s, req, reply)
    }
    if (page) return // the app's document is served from memory: refusing it saves nothing
    const cls = priorityOf(group, route, standing)
    if (!s.sheds(cls)) return
    s.stats.shed[cls]++
    refused = true
    if (standing !== 'person') await tarpit(s)
    const e = Overloaded()
    const retry = 1 + Math.floor(Math.random() * 5) // spread the retries out
    throw new PhareError(e.code, e.status, e.message, { retry_after: retry, what_to_do: 'Wait a few seconds and try again; signed-in people are served first.' })
  })

  app.get(CHALLENGE_PATH, async (req) => {
    const c = s.challenges.issue(req.ip, s.difficulty())
    return { algorithm: 'sha-256', token: c.token, difficulty: c.difficulty, expires_at: new Date(c.expiresAt).toISOString(), active: s.challengeReason() !== null }
  })
  app.post<{ Body: Static<typeof Solution> }>(CHALLENGE_PATH, { schema: { body: Solution } }, async (req, reply) => {
    const r = s.challenges.redeem(req.ip, req.body.token, req.body.solution)
    if ('refused' in r) {
      s.stats.passes.refused++
      throw ValidationFailed('token', r.refused)
    }
    s.stats.passes.issued++
    setCookie(reply, ctx.config.publicUrl.startsWith('https:'), PASS_COOKIE, r.pass, Math.floor((r.expiresAt - Date.now()) / 1000))
    return { pass: r.pass, cookie: PASS_COOKIE, expires_at: new Date(r.expiresAt).toISOString() }
  })
  const script = (body: string) => async (_req: FastifyRequest, reply: FastifyReply) =>
    reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(body)
  app.get(`${CHALLENGE_PATH}/solver.js`, script(SOLVER_JS))
  app.get(`${CHALLENGE_PATH}/worker.js`, script(WORKER_JS))
}
