// Tags each request with the flags it evaluated (services/flags/requests.ts) and, when it is
// answered, counts its outcome (5xx or not, latency) in each flag's cohort window.
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../context.ts'
import { requestFlags, type RequestFlags } from '../services/flags/requests.ts'

declare module 'fastify' {
  interface FastifyRequest { flags: RequestFlags | null }
}

/** Opens the request's flags store and records the outcome per cohort. */
export function registerFlagCohorts(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('flags', null)
  app.addHook('onRequest', (req, _reply, done) => {
    const store: RequestFlags = { accountId: () => req.viewer?.accountId ?? null, ip: req.ip, cohorts: new Map() }
    req.flags = store
    requestFlags.run(store, done)
  })
  // Again once the body is read: a body parser's stream events may run outside the request's context.
  app.addHook('preHandler', (req, _reply, done) => {
    if (req.flags) requestFlags.run(req.flags, done)
    else done()
  })
  app.addHook('onResponse', (req, reply, done) => {
    if (req.flags?.cohorts.size) {
      const error = reply.statusCode >= 500
      for (const [key, cohort] of req.flags.cohorts) ctx.flags.windows.record(key, cohort, error, reply.elapsedTime)
    }
    done()
  })
}
