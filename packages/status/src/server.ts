// The status process's HTTP side: the page, its JSON, feed and badges, the report form,
// and the page the link-preview journey asks the target to fetch.
import Fastify, { type FastifyInstance } from 'fastify'
import { randomBytes } from 'node:crypto'
import type { StatusDb } from './db.ts'
import { getKv, setKv } from './db.ts'
import type { StatusConfig } from './config.ts'
import { COMPONENTS } from './components.ts'
import { componentStates } from './runner.ts'
import { componentId, incidentsJson, summary } from './summary.ts'
import { atomFeed } from './feed.ts'
import { badge, esc } from './svg.ts'
import { incidentHtml, reportForm, shell, statusPage } from './page.ts'
import { getIncident, followReports } from './incidents.ts'
import { addReport, lastReportAt, reportRise } from './reports.ts'
import { adminRoutes } from './admin.ts'

/** Form bodies as objects; a repeated field becomes an array. */
function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [k, v] of new URLSearchParams(body)) {
    const had = out[k]
    out[k] = had === undefined ? v : ([] as string[]).concat(had, v)
  }
  return out
}

/** Builds the Fastify app of the status page. */
export function buildStatusApp(db: StatusDb, cfg: StatusConfig): FastifyInstance {
  // Loopback proxies (nginx beside it) are believed for the reporter's address.
  const app = Fastify({ logger: false, trustProxy: ['127.0.0.1', '::1'], bodyLimit: 64 * 1024 })
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, parseForm(String(body))))
  let salt = getKv(db, 'report-salt')
  if (!salt) { salt = randomBytes(16).toString('hex'); setKv(db, 'report-salt', salt) }
  const reportSalt = salt

  // Anyone may read the state and send a report from another origin (the web app's banner and form).
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith('/api/') || req.url.startsWith('/reports') || req.url.startsWith('/badge/')) {
      reply.header('access-control-allow-origin', '*')
      reply.header('access-control-allow-headers', 'content-type')
    }
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-cache')
    return payload
  })
  app.options('/reports', async (_req, reply) => reply.code(204).send())

  app.get<{ Querystring: { reported?: string } }>('/', async (req, reply) => reply.type('text/html; charset=utf-8').send(statusPage(db, cfg, { reported: req.query.reported === '1' })))
  app.get('/report', async (_req, reply) => reply.type('text/html; charset=utf-8').send(shell(cfg, `${cfg.title}: report a problem`, `<h1>${esc(cfg.title)}</h1><p><a href="/">Current status</a></p>${reportForm(false)}`)))
  app.get<{ Params: { id: string } }>('/incidents/:id', async (req, reply) => {
    const inc = /^\d+$/.test(req.params.id) ? getIncident(db, Number(req.params.id)) : null
    if (!inc) return reply.code(404).type('text/html').send(shell(cfg, 'Not found', '<p>No such incident. <a href="/">Current status</a></p>'))
    return reply.type('text/html; charset=utf-8').send(shell(cfg, inc.title, `<p><a href="/">Current status</a></p>${incidentHtml(db, inc)}`))
  })
  app.get('/api/v2/summary.json', async () => summary(db, cfg))
  app.get('/api/v2/status.json', async () => { const s = summary(db, cfg); return { page: s.page, status: s.status } })
  app.get('/api/v2/components.json', async () => { const s = summary(db, cfg); return { page: s.page, components: s.components } })
  app.get('/api/v2/incidents.json', async () => incidentsJson(db, cfg))
  app.get('/feed.atom', async (_req, reply) => reply.type('application/atom+xml; charset=utf-8').send(atomFeed(db, cfg)))
  app.get<{ Params: { file: string } }>('/badge/:file', async (req, reply) => {
    const name = COMPONENTS.find((c) => `${componentId(c)}.svg` === req.params.file)
    if (!name) return reply.code(404).send({ error: 'No such component.' })
    return reply.type('image/svg+xml').header('cache-control', 'max-age=30').send(badge(name, componentStates(db).get(name)!.state))
  })

  app.post('/reports', async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>
    const what = String(b.what ?? '').trim(), where = String(b.where ?? '').trim(), contact = String(b.contact ?? '').trim()
    const isForm = !(req.headers['content-type'] ?? '').includes('json')
    if (!what) return isForm ? reply.code(422).type('text/html').send(shell(cfg, 'Report', '<p>Please say what happened. <a href="/#report">Back</a></p>')) : reply.code(422).send({ error: 'what is required', field: 'what' })
    const now = Date.now()
    addReport(db, { what, where: where || 'Something else', contact: contact || null }, req.ip, reportSalt, now)
    // A rise is acted on at once, not at the next probe round: reports are the fastest signal.
    followReports(db, reportRise(db, now, cfg.reportBurst), lastReportAt(db), now, 30 * 60_000)
    return isForm ? reply.code(303).header('location', '/?reported=1#report').send() : reply.code(201).send({ ok: true })
  })

  // The page the link-preview journey posts: the target's preview fetcher reads this title.
  app.get<{ Params: { nonce: string } }>('/probe/page/:nonce', async (req, reply) => {
    const nonce = req.params.nonce.replace(/[^a-f0-9]/g, '').slice(0, 32)
    return reply.type('text/html; charset=utf-8').send(`<!doctype html><html><head><meta charset="utf-8"><title>Status probe ${nonce}</title><meta property="og:title" content="Status probe ${nonce}"><meta property="og:description" content="A page the status probe links to."></head><body>Status probe ${nonce}</body></html>`)
  })
  app.get('/healthz', async () => ({ ok: true }))
  adminRoutes(app, db, cfg)
  return app
}
