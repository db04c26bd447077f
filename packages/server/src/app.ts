import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify'
import cors from '@fastify/cors'
import formbody from '@fastify/formbody'
import websocket from '@fastify/websocket'
import qs from 'qs'
import querystring from 'node:querystring'
import type { AppContext } from './context.ts'
import { PhareError } from './errors.ts'
import { registerOpsRoutes, registerRoutes } from './http/routes.ts'
import { registerWeb } from './http/web/index.ts'
import { registerLimits } from './http/limits.ts'
import { registerShedding } from './http/shedding.ts'
import { registerFlagCohorts } from './http/flags.ts'
import { registerReadOnly } from './http/read-only.ts'
import { registerBulkheads } from './http/bulkheads.ts'

const OAUTH_CODES = new Set(['invalid_grant', 'invalid_client', 'invalid_scope', 'invalid_request', 'unsupported_grant_type', 'access_denied', 'unauthorized_client'])
// qs understands brackets (`types[]=a`); most requests have none, and Node's own parser is several times faster.
const parseQuery = (s: string): Record<string, unknown> => /\[|%5b/i.test(s)
  ? qs.parse(s, { arrayLimit: 100, parameterLimit: 200, depth: 3 }) as Record<string, unknown>
  : { ...querystring.parse(s, '&', '=', { maxKeys: 200 }) }

function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (depth > 8 || value === null || typeof value !== 'object') return false
  // Uploaded files are bytes, not text: NULs are theirs to have (and walking them byte by byte costs seconds).
  if (ArrayBuffer.isView(value)) return false
  for (const [k, v] of Object.entries(value)) if (k.includes('\u0000') || hasNul(v, depth + 1)) return true
  return false
}

/** Options of buildApp; tests point `webDir` at their own build of the web app. */
export interface AppOptions {
  webDir?: string
  /** extra routes a test adds (e.g. a flagged code path for the rollback test); never set by main.ts */
  routes?: ((app: FastifyInstance, ctx: AppContext) => void)[]
}

/** Builds the Fastify app: plugins, error mapping, every route. */
export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as unknown as FastifyBaseLogger,
    // One log line per request is noise at info level; debug and trace keep it.
    logController: new LogController({ disableRequestLogging: ctx.config.logLevel !== 'debug' && ctx.config.logLevel !== 'trace' }),
    // A child logger per request costs more than a cached timeline answer; the request id is
    // added where a request is logged (errors), not bound to every request in advance.
    childLoggerFactory: (logger) => logger,
    // Only proxies named in the configuration may say who the client is: anyone else could
    // claim any address in X-Forwarded-For and escape the limits keyed by it.
    trustProxy: ctx.config.trustedProxies,
    bodyLimit: 1_048_576,
    // Mastodon clients send `types[]=a&types[]=b` and `poll[options][]=…`.
    routerOptions: { querystringParser: parseQuery, ignoreTrailingSlash: true },
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
    connectionTimeout: 60_000,
    requestTimeout: 60_000,
    // Idle keep-alive sockets are closed soon (Fastify's default is 72 s), and header/request timeouts are
    // checked every second rather than every 30 s: a slowloris client is cut off on time (http/shedding.ts).
    keepAliveTimeout: 10_000,
    http: { connectionsCheckingInterval: 1000 },
  }) as unknown as FastifyInstance

  app.decorateRequest('viewer', null)
  app.addHook('onRequest', (_req, _reply, done) => { ctx.activity.noteRequest(); done() })

  // No text Phare stores or looks up may hold a NUL character: PostgreSQL refuses it in
  // text and SQLite would cut strings at it. Refused once here for every route.
  app.addHook('preValidation', async (req) => {
    if (hasNul(req.params) || hasNul(req.query) || hasNul(req.body)) {
      throw new PhareError('invalid_characters', 422, 'Validation failed: text must not contain NUL characters')
    }
  })

  await app.register(cors, {
    // Third-party web clients (Elk, Phanpy…) call the API from other origins; tokens, not cookies, carry identity.
    origin: true,
    credentials: false,
    exposedHeaders: ['Link', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'RateLimit', 'RateLimit-Policy', 'Retry-After'],
    maxAge: 86_400,
  })
  await app.register(formbody, { parser: parseQuery })
  await app.register(websocket, { options: { maxPayload: 65_536 } })
  // After CORS, so that a browser app can read its 429; shedding first, as it is the cheaper refusal.
  await registerShedding(app, ctx)
  registerReadOnly(app, ctx)
  registerLimits(app, ctx)
  registerBulkheads(app, ctx)
  registerFlagCohorts(app, ctx)

  app.setErrorHandler((err: FastifyError | PhareError, req, reply) => {
    // A write the disk or the database refused turns the server read-only and is answered as such.
    if (!(err instanceof PhareError)) err = ctx.readOnly.noteFailure(err) ?? err
    if (err instanceof PhareError) {
      // OAuth endpoints answer in RFC 6749's shape: the code is the `error`.
      if (OAUTH_CODES.has(err.code)) return reply.status(err.status).send({ error: err.code, error_description: err.message, code: err.code })
      if (typeof err.details?.retry_after === 'number') reply.header('retry-after', String(err.details.retry_after))
      return reply.status(err.status).send({ error: err.message, code: err.code, ...(err.details ?? {}) })
    }
    if ((err as FastifyError).validation) {
      const v = (err as FastifyError).validation![0]
      const field = String(v?.instancePath || (v?.params as { missingProperty?: string })?.missingProperty || err.validationContext || 'input')
        .replace(/^\//, '').replace(/\//g, '.')
      return reply.status(422).send({ error: `Validation failed: ${field} ${v?.message ?? 'is invalid'}`, code: 'validation_failed', field })
    }
    const status = (err as FastifyError).statusCode
    if (status && status >= 400 && status < 500) {
      const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request'
      return reply.status(status).send({ error: err.message, code })
    }
    req.log.error({ err, reqId: req.id, method: req.method, url: req.url.split('?')[0] }, 'unhandled error')
    return reply.status(500).send({ error: 'Something went wrong on our side; it has been logged.', code: 'internal_error' })
  })
  // A jobs-only node (PHARE_ROLES=jobs) answers only what load balancers and scrapers ask.
  if (!ctx.config.roles.includes('web')) {
    registerOpsRoutes(app, ctx)
    app.setNotFoundHandler((_req, reply) => reply.status(404).send({ error: 'This node runs background jobs only (PHARE_ROLES=jobs)', code: 'not_found' }))
    return app
  }
  registerRoutes(app, ctx)
  for (const route of options.routes ?? []) route(app, ctx)
  // Last: the web app, and the 404 of every path no route claims (JSON, or the app's pages for a browser).
  registerWeb(app, ctx, options.webDir)
  return app
}

