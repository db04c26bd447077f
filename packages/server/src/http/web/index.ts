// The web app (packages/web, built into packages/web/dist) served by Phare at `/`: hashed
// assets cached for a year, index.html for every page of the app, with the head of shared
// links written by the server. Server routes always win: the app only gets what no route claims.
import { fileURLToPath } from 'node:url'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppContext } from '../../context.ts'
import { PhareError } from '../../errors.ts'
import { sharedPost, sharedProfile } from '../../services/web/shared-links.ts'
import { notFoundHead, postHead, profileHead, roomHead } from '../../views/link-preview.ts'
import { showRoom } from '../../services/rooms/show.ts'
import { renderRoom } from '../../views/room.ts'
import { notBuiltPage, sendShell, shellLoader, withHead } from './shell.ts'
import { staticFiles } from './static-files.ts'

/** Where the build puts the app: packages/web/dist beside this package, wherever Phare is installed. */
export const defaultWebDir = () => fileURLToPath(new URL('../../../../web/dist/', import.meta.url))

const IMMUTABLE = 'public, max-age=31536000, immutable'
// Files the app keeps at its root (favicon, manifest) have stable names: cache briefly, revalidate by ETag.
const ROOT_FILE = 'public, max-age=3600'

// Prefixes of the server's own URL space: an unknown path there is an API 404, never the app.
const SERVER_PREFIXES = ['/api/', '/oauth/', '/auth/', '/.well-known/', '/nodeinfo/', '/assets/', '/users/', '/avatars/', '/headers/', '/media/', '/system/', '/hls/']
const SERVER_PATHS = new Set(['/api', '/oauth', '/auth', '/livez', '/readyz', '/metrics', '/nodeinfo', '/.well-known'])

const pathOf = (url: string) => url.split('?')[0]
const isServerPath = (path: string) => SERVER_PATHS.has(path.replace(/\/+$/, '')) || SERVER_PREFIXES.some((p) => path.startsWith(p))
const wantsHtml = (req: FastifyRequest) => /\btext\/html\b/.test(req.headers.accept ?? '')

/** Registers the app's routes and the fallback for every path no route claims. */
export function registerWeb(app: FastifyInstance, ctx: AppContext, dist = defaultWebDir()): void {
  const files = staticFiles(dist)
  const shell = shellLoader(dist)

  /** index.html (or, when the app is not built, a page saying so) with `head` written in. */
  async function page(reply: FastifyReply, status: number, head: string | null) {
    const built = await shell()
    const html = built ?? notBuiltPage(ctx.config.instanceTitle, ctx.config.publicUrl)
    // Without the app only `/` is a page; every other one answers 404 with the same explanation.
    const code = built === null && pathOf(reply.request.url) !== '/' ? 404 : status
    return sendShell(reply, code, head ? withHead(html, head) : html, ctx.config.statusUrl)
  }

  const notFound = (reply: FastifyReply) => reply.status(404).send({ error: 'Record not found', code: 'not_found' })

  app.get('/', async (_req, reply) => page(reply, 200, null))
  app.get('/index.html', async (_req, reply) => page(reply, 200, null))

  app.get<{ Params: { '*': string } }>('/assets/*', async (req, reply) => {
    if (await files.serve(req, reply, `assets/${req.params['*']}`, IMMUTABLE)) return reply
    return notFound(reply)
  })

  // A shared link that shows nothing (unknown, private, deleted) is a 404 with a neutral head; the app then says so.
  async function shared(reply: FastifyReply, load: () => Promise<string | null>) {
    try {
      const head = await load()
      if (head) return page(reply, 200, head)
    } catch (err) {
      if (!(err instanceof PhareError) || err.status !== 404) throw err
    }
    return page(reply, 404, notFoundHead(ctx))
  }

  app.get<{ Params: { acct: string; id: string } }>('/@:acct/:id', async (req, reply) =>
    shared(reply, async () => postHead(ctx, await sharedPost(ctx, req.params.acct, req.params.id))))

  app.get<{ Params: { acct: string } }>('/@:acct', async (req, reply) =>
    shared(reply, async () => profileHead(ctx, await sharedProfile(ctx, req.params.acct))))

  app.get<{ Params: { id: string } }>('/rooms/:id', async (req, reply) =>
    shared(reply, async () => roomHead(ctx, renderRoom(ctx, await showRoom(ctx, null, req.params.id)))))

  app.setNotFoundHandler(async (req, reply) => {
    const path = pathOf(req.url)
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isServerPath(path)) return notFound(reply)
    let rel: string | null = null
    try { rel = decodeURIComponent(path.slice(1)) } catch { return notFound(reply) }
    if (rel && rel !== 'index.html' && await files.serve(req, reply, rel, ROOT_FILE)) return reply
    // Every other page of the app (/home, /settings, /tags/x…) is index.html; the app routes it.
    if (wantsHtml(req)) return page(reply, 200, null)
    return notFound(reply)
  })
}
