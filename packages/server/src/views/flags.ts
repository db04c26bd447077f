// Feature flags and their events as the admin API shows them.
import type { FlagEventsTable } from '../storage/schema.ts'
import type { FlagReport } from '../services/flags/admin.ts'
import type { CohortFigures } from '../services/flags/window.ts'
import { iso } from './html.ts'

const cohort = (c: CohortFigures) => ({ requests: c.requests, errors: c.errors, error_rate: c.errorRate, p99_ms: c.p99Ms })

/** A flag with its lists (ids and usernames) and this node's live cohort figures and verdict. */
export function renderFlag(r: FlagReport) {
  const { flag: f, verdict: v } = r
  const people = (ids: string[]) => ids.map((id) => ({ id, username: r.usernames.get(Number(id)) ?? null }))
  return {
    key: f.key, description: f.description, kind: f.kind, enabled: f.enabled, percentage: f.percentage,
    allow_list: people(f.allowList), deny_list: people(f.denyList), version: f.version,
    created_at: iso(f.createdAt), updated_at: iso(f.updatedAt),
    cohorts: { on: cohort(v.on), off: cohort(v.off) },
    analysis: { verdict: v.verdict, reasons: v.reasons, z: Number(v.z.toFixed(3)) },
  }
}

/** A change of a flag; `figures` are the cohorts' figures behind an automatic rollback. */
export function renderFlagEvent(e: FlagEventsTable) {
  let figures: unknown = null
  try { figures = e.figures ? JSON.parse(e.figures) : null } catch { /* an unreadable figure is shown as none */ }
  return {
    id: String(e.id), flag_key: e.flag_key, kind: e.kind, percentage: e.percentage === null ? null : Number(e.percentage),
    actor: e.actor, actor_account_id: e.actor_account_id === null ? null : String(e.actor_account_id), automatic: e.actor_account_id === null && e.kind === 'rolled_back',
    reason: e.reason, figures, created_at: iso(Number(e.created_at)),
  }
}
