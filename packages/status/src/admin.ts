// The operator's side: add words to an incident, open one, announce maintenance. Nothing
// here sets a component's state: those come from the probes alone.
import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { StatusDb } from './db.ts'
import type { StatusConfig } from './config.ts'
import { COMPONENTS } from './components.ts'
import { addUpdate, getIncident, listIncidents, openIncident, refuseResolve, type IncidentStatus } from './incidents.ts'
import { componentStates } from './runner.ts'
import { recentReports } from './reports.ts'
import { esc } from './svg.ts'
import { shell } from './page.ts'

const STATUSES: IncidentStatus[] = ['investigating', 'identified', 'monitoring', 'resolved']

function allowed(cfg: StatusConfig, req: FastifyRequest): boolean {
  if (!cfg.adminToken) return false
  const given = String((req.body as Record<string, unknown> | undefined)?.token ?? /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '')
  const a = Buffer.from(given), b = Buffer.from(cfg.adminToken)
  return a.length === b.length && timingSafeEqual(a, b)
}

const time = (raw: unknown): number | null => {
  const t = Date.parse(String(raw ?? ''))
  return Number.isFinite(t) ? t : null
}

/** Registers /admin routes; without PHARE_STATUS_ADMIN_TOKEN they do not exist. */
export function adminRoutes(app: FastifyInstance, db: StatusDb, cfg: StatusConfig): void {
  if (!cfg.adminToken) return
  const done = (req: FastifyRequest, reply: any, status: number, body: Record<string, unknown>) =>
    (req.headers['content-type'] ?? '').includes('json') ? reply.code(status).send(body) : reply.code(status === 200 || status === 201 ? 303 : status).header('location', '/admin').type('text/html').send(status >= 400 ? shell(cfg, 'Refused', `<p>${esc(String(body.error))}</p><p><a href="/admin">Back</a></p>`) : '')

  app.get('/admin', async (_req, reply) => {
    const open = listIncidents(db, Date.now()).filter((i) => i.resolved_at === null)
    const tokenField = '<label>Admin token<input name="token" type="password" required autocomplete="current-password"></label>'
    const statusSelect = `<select name="status">${STATUSES.map((s) => `<option>${s}</option>`).join('')}</select>`
    const compBoxes = COMPONENTS.map((c) => `<label><input type="checkbox" name="components" value="${esc(c)}" style="width:auto"> ${esc(c)}</label>`).join('')
    reply.type('text/html').send(shell(cfg, 'Status admin', `<h1>Status admin</h1>
${open.map((i) => `<section class="card"><h2>${esc(i.title)} <span class="muted">(${esc(i.status)})</span></h2>
<form method="post" action="/admin/incidents/${i.id}/updates">${tokenField}<label>Status ${statusSelect}</label><label>Update<textarea name="body" required rows="2"></textarea></label><button>Add update</button></form></section>`).join('')}
<section class="card"><h2>Announce maintenance</h2><form method="post" action="/admin/maintenance">${tokenField}
<label>Title<input name="title" required></label><label>What and why<textarea name="body" required rows="2"></textarea></label>
<label>Starts (ISO time)<input name="starts_at" required placeholder="2030-01-01T02:00:00Z"></label><label>Ends (ISO time)<input name="ends_at" required></label>${compBoxes}<button>Announce</button></form></section>
<section class="card"><h2>Recent reports</h2><table>${recentReports(db).map((r) => `<tr><td>${new Date(r.at).toISOString()}</td><td>${esc(r.place)}</td><td>${esc(r.what)}</td><td>${esc(r.contact ?? '')}</td></tr>`).join('')}</table></section>`))
  })

  app.post<{ Params: { id: string } }>('/admin/incidents/:id/updates', async (req, reply) => {
    if (!allowed(cfg, req)) return done(req, reply, 401, { error: 'The admin token is wrong.' })
    const b = req.body as Record<string, unknown>
    const inc = getIncident(db, Number(req.params.id))
    if (!inc) return done(req, reply, 404, { error: 'No such incident.' })
    const status = String(b.status ?? inc.status) as IncidentStatus
    const body = String(b.body ?? '').trim()
    if (!STATUSES.includes(status) || !body) return done(req, reply, 422, { error: `status must be one of ${STATUSES.join(', ')} and body must not be empty.` })
    if (status === 'resolved') {
      const states = new Map([...componentStates(db)].map(([c, t]) => [c as string, t.state]))
      const why = refuseResolve(inc, states)
      if (why) return done(req, reply, 409, { error: why })
    }
    addUpdate(db, inc.id, status, body.slice(0, 5000), 'operator', Date.now())
    return done(req, reply, 201, { id: String(inc.id) })
  })

  app.post('/admin/maintenance', async (req, reply) => {
    if (!allowed(cfg, req)) return done(req, reply, 401, { error: 'The admin token is wrong.' })
    const b = req.body as Record<string, unknown>
    const starts = time(b.starts_at), ends = time(b.ends_at)
    const comps = ([] as unknown[]).concat(b.components ?? []).map(String).filter((c) => (COMPONENTS as readonly string[]).includes(c))
    if (!String(b.title ?? '').trim() || !String(b.body ?? '').trim() || starts === null || ends === null || ends <= starts) {
      return done(req, reply, 422, { error: 'title, body, starts_at and ends_at (ISO times, ends after starts) are required.' })
    }
    const id = openIncident(db, { title: String(b.title).slice(0, 200), kind: 'maintenance', status: 'scheduled', impact: 'maintenance', components: comps, body: String(b.body).slice(0, 5000), by: 'operator', now: Date.now(), starts_at: starts, ends_at: ends })
    return done(req, reply, 201, { id: String(id) })
  })
}
