// While Phare is read-only (services/read-only), every write is refused at the door with
// 503 read_only, a message for people and Retry-After; reads go on. The admin's own switch
// stays reachable, or an admin could not lift the mode through the API.
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../context.ts'
import { routeGroup } from './limits.ts'
import { CHALLENGE_PATH } from '../views/challenge.ts'
import { registerReadOnlyMetrics } from '../services/read-only/metrics.ts'

const WRITES = new Set(['write', 'media', 'sign-up'])
// The admin's switch; revoking a token (signing out, cutting off a leaked token: a deletion people
// must always be able to ask for); and the proof-of-work challenge, which writes nothing.
const ALWAYS = new Set(['/api/v1/phare/admin/read_only', '/oauth/revoke', CHALLENGE_PATH])

/** Adds the read-only hook (a property read per request). */
export function registerReadOnly(app: FastifyInstance, ctx: AppContext): void {
  if (ctx.metrics) registerReadOnlyMetrics(ctx.metrics.registry, ctx.readOnly)
  app.addHook('onRequest', async (req) => {
    if (!ctx.readOnly.active()) return
    const route = req.routeOptions.url
    const group = routeGroup(req.method, route)
    if (group && WRITES.has(group) && !ALWAYS.has(route ?? '')) throw ctx.readOnly.refusal()
  })
}
