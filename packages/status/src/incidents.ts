// Incidents that open and close by themselves from component states and reports. An
// operator adds words and maintenance windows, but the states come from the probes only.
import type { StatusDb } from './db.ts'
import type { Component, State } from './components.ts'

export type IncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved' | 'scheduled' | 'in_progress' | 'completed'
export type IncidentKind = 'probes' | 'reports' | 'operator' | 'maintenance'

export interface Incident {
  id: number; title: string; kind: IncidentKind; status: IncidentStatus; impact: string
  components: string[]; created_at: number; updated_at: number; resolved_at: number | null
  starts_at: number | null; ends_at: number | null
}
export interface IncidentUpdate { id: number; incident_id: number; at: number; status: string; body: string; by: string }

const row = (r: any): Incident => ({ ...r, components: JSON.parse(r.components) })

/** Incidents newest first, since `since` (ms). */
export function listIncidents(db: StatusDb, since = 0): Incident[] {
  return (db.prepare('SELECT * FROM incidents WHERE created_at >= ? OR resolved_at IS NULL ORDER BY created_at DESC, id DESC').all(since) as any[]).map(row)
}

export function getIncident(db: StatusDb, id: number): Incident | null {
  const r = db.prepare('SELECT * FROM incidents WHERE id = ?').get(id)
  return r ? row(r) : null
}

/** The updates of an incident, oldest first. */
export function updatesOf(db: StatusDb, id: number): IncidentUpdate[] {
  return db.prepare('SELECT * FROM incident_updates WHERE incident_id = ? ORDER BY at, id').all(id) as IncidentUpdate[]
}

function openOf(db: StatusDb, kind: IncidentKind): Incident | null {
  const r = db.prepare("SELECT * FROM incidents WHERE kind = ? AND resolved_at IS NULL ORDER BY id DESC LIMIT 1").get(kind)
  return r ? row(r) : null
}

/** Opens an incident with its first update. */
export function openIncident(db: StatusDb, o: { title: string; kind: IncidentKind; status: IncidentStatus; impact: string; components: string[]; body: string; by: string; now: number; starts_at?: number; ends_at?: number }): number {
  const id = Number(db.prepare('INSERT INTO incidents (title, kind, status, impact, components, created_at, updated_at, starts_at, ends_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(o.title, o.kind, o.status, o.impact, JSON.stringify(o.components), o.now, o.now, o.starts_at ?? null, o.ends_at ?? null).lastInsertRowid)
  addUpdate(db, id, o.status, o.body, o.by, o.now)
  return id
}

/** Adds an update; "resolved"/"completed" close the incident. */
export function addUpdate(db: StatusDb, id: number, status: IncidentStatus, body: string, by: string, now: number): void {
  db.prepare('INSERT INTO incident_updates (incident_id, at, status, body, by) VALUES (?, ?, ?, ?, ?)').run(id, now, status, body, by)
  const closes = status === 'resolved' || status === 'completed'
  db.prepare('UPDATE incidents SET status = ?, updated_at = ?, resolved_at = CASE WHEN ? THEN ? ELSE resolved_at END WHERE id = ?').run(status, now, closes ? 1 : 0, now, id)
}

const impactOf = (states: State[]) => states.includes('outage') ? 'major' : states.includes('degraded') ? 'minor' : 'none'

/**
 * Opens, updates or resolves the probes' incident. A component counts once it is an outage,
 * or degraded for `degradedMs`; "unknown" neither opens nor resolves anything.
 */
export function followProbes(db: StatusDb, states: Map<Component, { state: State; since: number }>, now: number, degradedMs: number): void {
  const bad = [...states].filter(([, s]) => s.state === 'outage' || (s.state === 'degraded' && now - s.since >= degradedMs))
  const open = openOf(db, 'probes')
  const describe = (list: typeof bad) => list.map(([c, s]) => `${c}: ${s.state === 'outage' ? 'outage' : 'degraded'}`).join(', ')
  const titleOf = (names: string[]) => names.length === states.size ? 'Phare is not reachable' : `Problems with ${names.join(', ')}`
  if (!open) {
    if (bad.length === 0) return
    openIncident(db, {
      title: titleOf(bad.map(([c]) => c)),
      kind: 'probes', status: 'investigating', impact: impactOf(bad.map(([, s]) => s.state)), components: bad.map(([c]) => c),
      body: `The probes see failures. ${describe(bad)}.`, by: 'probes', now,
    })
    return
  }
  if ([...states.values()].every((s) => s.state === 'operational')) {
    addUpdate(db, open.id, 'resolved', 'Every journey passes again.', 'probes', now)
    return
  }
  const names = bad.map(([c]) => c)
  const added = names.filter((c) => !open.components.includes(c))
  if (added.length) {
    const all = [...open.components, ...added]
    db.prepare('UPDATE incidents SET title = ?, components = ?, impact = ? WHERE id = ?').run(titleOf(all), JSON.stringify(all), impactOf([...states].filter(([c]) => all.includes(c)).map(([, s]) => s.state).concat(open.impact === 'major' ? ['outage'] : [])), open.id)
    addUpdate(db, open.id, open.status, `Also affected now: ${describe(bad.filter(([c]) => added.includes(c)))}.`, 'probes', now)
  }
}

/** Opens an "investigating" incident when people's reports rise; resolves it once they stop for `quietMs`. */
export function followReports(db: StatusDb, rising: { count: number; threshold: number } | null, lastReportAt: number | null, now: number, quietMs: number): void {
  const open = openOf(db, 'reports')
  if (!open && rising) {
    openIncident(db, {
      title: 'People report problems', kind: 'reports', status: 'investigating', impact: 'minor', components: [],
      body: `${rising.count} people reported a problem in the last 10 minutes (usually fewer than ${rising.threshold}); the probes may not see it yet.`, by: 'reports', now,
    })
  } else if (open && !rising && (lastReportAt === null || now - lastReportAt >= quietMs)) {
    addUpdate(db, open.id, 'resolved', 'Reports are back to their usual rate.', 'reports', now)
  }
}

/** Moves maintenance windows from scheduled to in progress to completed as their times pass. */
export function followMaintenance(db: StatusDb, now: number): void {
  for (const m of (db.prepare("SELECT * FROM incidents WHERE kind = 'maintenance' AND resolved_at IS NULL").all() as any[]).map(row)) {
    if (m.ends_at !== null && now >= m.ends_at) addUpdate(db, m.id, 'completed', 'The maintenance is over.', 'schedule', now)
    else if (m.status === 'scheduled' && m.starts_at !== null && now >= m.starts_at) addUpdate(db, m.id, 'in_progress', 'The maintenance has started.', 'schedule', now)
  }
}

/** Why an operator may not resolve this incident now (its components still fail), or null. */
export function refuseResolve(inc: Incident, states: Map<string, State>): string | null {
  const failing = inc.components.filter((c) => { const s = states.get(c); return s === 'outage' || s === 'degraded' })
  return failing.length ? `The probes still fail for ${failing.join(', ')}: the incident resolves by itself once they pass.` : null
}
