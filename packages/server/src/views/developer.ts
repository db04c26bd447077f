// The developer page's JSON: apps with their plan (secret only when just registered) and the plan table.
import type { DeveloperApp } from '../services/plans/developer.ts'
import type { Plan, PlanSet } from '../services/plans/plan.ts'
import { iso } from './html.ts'

const renderPlanRef = (p: Plan | null) => p ? { name: p.name, title: p.title } : null

/** One app of the developer: its keys, plan (null when first-party) and settings. */
export function renderDeveloperApp(d: DeveloperApp) {
  const a = d.app
  return {
    id: String(a.id),
    name: a.name,
    website: a.website,
    redirect_uris: a.redirect_uris.split('\n'),
    scopes: a.scopes.split(' '),
    client_id: a.client_id,
    ...(d.secret ? { client_secret: d.secret } : {}),
    trusted: Boolean(a.trusted),
    plan: renderPlanRef(d.plan),
    created_at: iso(a.created_at),
  }
}

/** The plans, in order, with their quotas and what they include. */
export function renderPlans(set: PlanSet) {
  return {
    default_plan: set.defaultPlan,
    plans: set.plans.map((p) => ({
      name: p.name, title: p.title, requests_per_day: p.requestsPerDay, requests_per_15_min: p.requestsPer15Min, endpoints: p.endpoints,
    })),
  }
}
