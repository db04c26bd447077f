// The Statuspage-shaped JSON (/api/v2/summary.json), which the web app's banner and any
// status aggregator read.
import type { StatusDb } from './db.ts'
import type { StatusConfig } from './config.ts'
import { COMPONENTS, indicator, type State } from './components.ts'
import { componentStates } from './runner.ts'
import { listIncidents, updatesOf, type Incident } from './incidents.ts'

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
const PAGE_ID = 'phare'

/** Statuspage's component status names; "unknown" is ours: the probes learnt nothing. */
export function statuspageStatus(s: State): string {
  return { operational: 'operational', degraded: 'degraded_performance', outage: 'major_outage', unknown: 'unknown' }[s]
}

export const componentId = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-')

function renderIncident(db: StatusDb, cfg: StatusConfig, i: Incident) {
  return {
    id: String(i.id), name: i.title, status: i.status, impact: i.impact, kind: i.kind,
    created_at: iso(i.created_at), updated_at: iso(i.updated_at), started_at: iso(i.starts_at ?? i.created_at),
    monitoring_at: null, resolved_at: iso(i.resolved_at), scheduled_for: iso(i.starts_at), scheduled_until: iso(i.ends_at),
    shortlink: `${cfg.publicUrl}/incidents/${i.id}`, page_id: PAGE_ID,
    incident_updates: updatesOf(db, i.id).reverse().map((u) => ({
      id: String(u.id), status: u.status, body: u.body, incident_id: String(i.id), created_at: iso(u.at), updated_at: iso(u.at), display_at: iso(u.at), affected_components: null,
    })),
    components: i.components.map((c) => ({ id: componentId(c), name: c })),
  }
}

/** GET /api/v2/summary.json */
export function summary(db: StatusDb, cfg: StatusConfig) {
  const states = componentStates(db)
  const open = listIncidents(db, Date.now()).filter((i) => i.resolved_at === null)
  const updated = Math.max(0, ...[...states.values()].map((t) => t.since), ...open.map((i) => i.updated_at))
  return {
    page: { id: PAGE_ID, name: cfg.title, url: cfg.publicUrl, time_zone: 'Etc/UTC', updated_at: iso(updated || Date.now()) },
    components: COMPONENTS.map((c, position) => ({
      id: componentId(c), name: c, status: statuspageStatus(states.get(c)!.state), created_at: null, updated_at: iso(states.get(c)!.since),
      position, description: null, showcase: true, start_date: null, group_id: null, page_id: PAGE_ID, group: false, only_show_if_degraded: false,
    })),
    incidents: open.filter((i) => i.kind !== 'maintenance').map((i) => renderIncident(db, cfg, i)),
    scheduled_maintenances: open.filter((i) => i.kind === 'maintenance').map((i) => renderIncident(db, cfg, i)),
    status: indicator(COMPONENTS.map((c) => states.get(c)!.state)),
  }
}

/** GET /api/v2/incidents.json: the last 90 days. */
export function incidentsJson(db: StatusDb, cfg: StatusConfig) {
  return { page: summary(db, cfg).page, incidents: listIncidents(db, Date.now() - 90 * 86_400_000).map((i) => renderIncident(db, cfg, i)) }
}
