// The status page: server-rendered HTML with inline CSS and SVG, no scripts, nothing
// loaded from the app (which may be the thing that is down).
import type { StatusDb } from './db.ts'
import type { StatusConfig } from './config.ts'
import { COMPONENTS, indicator, type State } from './components.ts'
import { componentStates } from './runner.ts'
import { listIncidents, updatesOf, type Incident } from './incidents.ts'
import { JOURNEYS } from './journeys.ts'
import { COLOURS, esc, latencyChart, uptimeBars, uptimePercent, type Day } from './svg.ts'
import { componentId } from './summary.ts'

const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC'
const STATE_TEXT: Record<State, string> = { operational: 'Operational', degraded: 'Degraded', outage: 'Outage', unknown: 'Unknown' }

const CSS = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1a202c;background:#f7fafc}
main{max-width:800px;margin:0 auto;padding:16px}h1{font-size:24px;margin:8px 0}h2{font-size:18px;margin:24px 0 8px}
.banner{padding:12px 16px;border-radius:6px;color:#fff;font-weight:600}.card{background:#fff;border:1px solid #e2e8f0;border-radius:6px;padding:12px 16px;margin:8px 0}
.comp{display:flex;justify-content:space-between;gap:8px}.state{font-weight:600}.bars{width:100%;height:28px;display:block;margin-top:4px}
.chart{width:100%;height:auto}.muted{color:#4a5568;font-size:13px}ol.timeline{list-style:none;padding-left:12px;border-left:2px solid #cbd5e0}
ol.timeline li{margin:6px 0}table{border-collapse:collapse;width:100%;font-size:13px}td,th{text-align:left;padding:2px 6px;border-bottom:1px solid #edf2f7}
label{display:block;margin:6px 0 2px}input,textarea,select{width:100%;box-sizing:border-box;font:inherit;padding:4px}button{margin-top:8px;font:inherit;padding:6px 14px}
a{color:#2b6cb0}`

/** Wraps a body in the page shell. */
export function shell(cfg: StatusConfig, title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><meta http-equiv="refresh" content="${Math.max(10, Math.round(cfg.intervalS))}">
<link rel="alternate" type="application/atom+xml" title="Incidents" href="/feed.atom"><style>${CSS}</style></head><body><main>${body}</main></body></html>`
}

function daysOf(db: StatusDb, component: string): Day[] {
  const since = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10)
  return db.prepare('SELECT day, total, bad, unknown FROM component_days WHERE component = ? AND day >= ?').all(component, since) as Day[]
}

/** An incident with its timeline, newest update first. */
export function incidentHtml(db: StatusDb, i: Incident): string {
  const ups = updatesOf(db, i.id).reverse()
  return `<article class="card" id="incident-${i.id}"><h3><a href="/incidents/${i.id}">${esc(i.title)}</a></h3>
<p class="muted">${esc(i.kind === 'maintenance' ? 'Maintenance' : 'Incident')} · ${esc(i.status)} · ${i.components.map(esc).join(', ') || 'no component named'} · opened ${when(i.created_at)}${i.resolved_at ? ` · closed ${when(i.resolved_at)}` : ''}${i.starts_at ? ` · window ${when(i.starts_at)} – ${i.ends_at ? when(i.ends_at) : '?'}` : ''}</p>
<ol class="timeline">${ups.map((u) => `<li><strong>${esc(u.status)}</strong> <span class="muted">${when(u.at)} · ${esc(u.by)}</span><br>${esc(u.body)}</li>`).join('')}</ol></article>`
}

function latestJourneys(db: StatusDb): string {
  const rows: string[] = []
  for (const j of JOURNEYS) {
    const last = db.prepare('SELECT round, at FROM journeys WHERE journey = ? ORDER BY id DESC LIMIT 1').get(j.name) as { round: number; at: number } | undefined
    if (!last) { rows.push(`<tr><td>${esc(j.title)}</td><td colspan="3" class="muted">not run yet</td></tr>`); continue }
    const steps = db.prepare('SELECT step, component, result, ms, error FROM steps WHERE journey = ? AND round = ? AND at = ? ORDER BY id').all(j.name, last.round, last.at) as { step: string; component: string; result: string; ms: number; error: string | null }[]
    rows.push(`<tr><th colspan="4">${esc(j.title)} <span class="muted">${when(last.at)}</span></th></tr>`)
    for (const s of steps) rows.push(`<tr><td>${esc(s.step)}</td><td>${esc(s.component)}</td><td>${esc(s.result)}${s.result !== 'skipped' && s.result !== 'unknown' ? ` · ${s.ms} ms` : ''}</td><td class="muted">${esc(s.error ?? '')}</td></tr>`)
  }
  return `<table>${rows.join('')}</table>`
}

function chart(db: StatusDb): string {
  const to = Date.now(), from = to - 6 * 3_600_000
  const series = JOURNEYS.map((j) => ({
    name: j.title,
    points: (db.prepare("SELECT at, ms FROM journeys WHERE journey = ? AND at >= ? AND result IN ('pass', 'slow') ORDER BY at").all(j.name, from) as { at: number; ms: number }[]).map((r) => [r.at, r.ms] as [number, number]),
  }))
  const first = Math.min(to - 60_000, ...series.flatMap((s) => s.points.map((p) => p[0])))
  return latencyChart(series, Math.max(from, first), to)
}

/** A form to tell the operators something is wrong; it posts to this process, not to the app. */
export function reportForm(done: boolean): string {
  return `<section class="card" id="report"><h2>Something is wrong?</h2>${done ? '<p role="status"><strong>Thank you, your report is recorded.</strong></p>' : ''}
<form method="post" action="/reports"><label for="what">What happened</label><textarea id="what" name="what" required maxlength="2000" rows="3"></textarea>
<label for="where">Where</label><select id="where" name="where">${[...COMPONENTS, 'Something else'].map((c) => `<option>${esc(c)}</option>`).join('')}</select>
<label for="contact">Contact (optional)</label><input id="contact" name="contact" maxlength="200" autocomplete="email">
<button type="submit">Send report</button></form></section>`
}

/** GET / */
export function statusPage(db: StatusDb, cfg: StatusConfig, o: { reported: boolean }): string {
  const states = componentStates(db)
  const overall = indicator(COMPONENTS.map((c) => states.get(c)!.state))
  const worst: State = overall.indicator === 'none' ? ([...states.values()].every((t) => t.state === 'unknown') ? 'unknown' : 'operational') : overall.indicator === 'minor' ? 'degraded' : 'outage'
  const incidents = listIncidents(db, Date.now() - 90 * 86_400_000)
  const open = incidents.filter((i) => i.resolved_at === null)
  const comps = COMPONENTS.map((c) => {
    const t = states.get(c)!
    const days = daysOf(db, c)
    const up = uptimePercent(days)
    return `<div class="card" id="component-${componentId(c)}"><div class="comp"><span>${esc(c)}</span><span class="state" style="color:${COLOURS[t.state]}" data-state="${t.state}">${STATE_TEXT[t.state]}</span></div>
${uptimeBars(days, new Date())}<div class="muted comp"><span>90 days ago</span><span>${up === null ? 'no data' : `${up.toFixed(2)} % uptime`}</span><span>today</span></div></div>`
  }).join('')
  return shell(cfg, cfg.title, `<h1>${esc(cfg.title)}</h1>
<div class="banner" style="background:${COLOURS[worst]}" data-indicator="${overall.indicator}">${esc(overall.description)}</div>
<p class="muted">Checked every ${cfg.intervalS} s by probes that sign in, post, read, stream, upload, listen and search like a person, from outside the app. Last change of state: ${when(Math.max(...[...states.values()].map((t) => t.since)))}.</p>
${open.length ? `<h2>Now</h2>${open.map((i) => incidentHtml(db, i)).join('')}` : ''}
<h2>Components</h2>${comps}
<h2>Journey durations, last 6 hours</h2><div class="card">${chart(db)}</div>
<h2>Latest probes</h2><div class="card">${latestJourneys(db)}</div>
${reportForm(o.reported)}
<h2>Incident history</h2>${incidents.filter((i) => i.resolved_at !== null).map((i) => incidentHtml(db, i)).join('') || '<p class="muted">No incidents in the last 90 days.</p>'}
<p class="muted"><a href="/api/v2/summary.json">summary.json</a> · <a href="/feed.atom">Atom feed</a> · badges: ${COMPONENTS.map((c) => `<a href="/badge/${componentId(c)}.svg">${esc(c)}</a>`).join(', ')}</p>`)
}
