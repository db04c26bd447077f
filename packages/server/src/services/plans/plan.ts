// API plans for developers' apps (registered on the developer page, or put on a plan by an
// admin): a daily and a 15-minute quota per app, and the endpoints the plan includes.
// First-party clients (the web app, apps an admin marks trusted) and the apps Mastodon clients
// register for themselves have no plan: only the per-person rate limits apply (apps.ts).
import type { Group, Policy } from '../limits/policy.ts'

/** The route groups plans apply to; sign-up and sign-in are open to every app. */
export const PLAN_GROUPS: readonly Group[] = ['read', 'write', 'media', 'search', 'streaming']

export interface Plan {
  name: string
  /** what people read on the developer page */
  title: string
  requestsPerDay: number
  requestsPer15Min: number
  /**
   * What the plan includes: `*` (everything), a route group (`read`, `write`, `media`, `search`,
   * `streaming`), or a route pattern with an optional method, e.g. `GET /api/v1/timelines/*`
   * (`*` at the end matches the rest; `:id` matches one segment, as in the routes themselves).
   */
  endpoints: string[]
  /** counted and reported, never enforced */
  shadow: boolean
}

/** The plans in effect and the one new apps get. */
export interface PlanSet { plans: Plan[]; defaultPlan: string }

/** The defaults: free reads and writes, basic adds search and uploads, pro includes everything. */
export const DEFAULT_PLANS: PlanSet = Object.freeze({
  defaultPlan: 'free',
  plans: [
    { name: 'free', title: 'Free', requestsPerDay: 1000, requestsPer15Min: 100, endpoints: ['read', 'write'], shadow: false },
    { name: 'basic', title: 'Basic', requestsPerDay: 20_000, requestsPer15Min: 1000, endpoints: ['read', 'write', 'search', 'media'], shadow: false },
    { name: 'pro', title: 'Pro', requestsPerDay: 200_000, requestsPer15Min: 10_000, endpoints: ['*'], shadow: false },
  ],
}) as PlanSet

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
const ENTRY = /^(?:(GET|POST|PUT|PATCH|DELETE) )?(\/[A-Za-z0-9_.:\-/*]*)$/

/** Why an endpoint entry is malformed, or null when it is fine. */
export function entryProblem(entry: string): string | null {
  if (entry === '*' || (PLAN_GROUPS as readonly string[]).includes(entry)) return null
  const m = ENTRY.exec(entry)
  if (!m) return `"${entry}" is not "*", a route group (${PLAN_GROUPS.join(', ')}) or a route like "GET /api/v1/timelines/*" (methods: ${METHODS.join(', ')})`
  if (m[2]!.slice(0, -1).includes('*')) return `"${entry}": "*" may only end a route`
  return null
}

function matchesPattern(pattern: string, route: string): boolean {
  if (pattern.endsWith('*')) return route.startsWith(pattern.slice(0, -1))
  return route === pattern
}

/** Whether one endpoint entry covers a request (method, Fastify route pattern, route group). */
export function entryMatches(entry: string, method: string, route: string, group: Group): boolean {
  if (entry === '*') return true
  if (!entry.startsWith('/') && !entry.includes(' ')) return entry === group
  const space = entry.indexOf(' ')
  const m = space > 0 ? entry.slice(0, space) : null
  const pattern = space > 0 ? entry.slice(space + 1) : entry
  const verb = method === 'HEAD' ? 'GET' : method
  return (m === null || m === verb) && matchesPattern(pattern, route)
}

/** Whether a plan includes a request. */
export function planIncludes(plan: Plan, method: string, route: string, group: Group): boolean {
  return plan.endpoints.some((e) => entryMatches(e, method, route, group))
}

/** The first plan after `current` (in the configured order) that includes the request: the upgrade path. */
export function upgradeFor(set: PlanSet, current: Plan, method: string, route: string, group: Group): Plan | null {
  const from = set.plans.indexOf(current)
  return set.plans.find((p, i) => i > from && planIncludes(p, method, route, group))
    ?? set.plans.find((p) => p !== current && planIncludes(p, method, route, group)) ?? null
}

/** A plan by name; an unknown name (a plan the operator removed) falls back to the default plan. */
export function planNamed(set: PlanSet, name: string | null): Plan {
  return set.plans.find((p) => p.name === name) ?? set.plans.find((p) => p.name === set.defaultPlan)!
}

/** The rate-limit policies that count each plan's quotas per app (the engine applies them to callers on that plan). */
export function planPolicies(set: PlanSet): Policy[] {
  return set.plans.flatMap((p) => [
    { name: `plan-${p.name}-15m`, plan: p.name, groups: [...PLAN_GROUPS], key: 'app' as const, who: 'everyone' as const, kind: 'rate' as const, limit: p.requestsPer15Min, windowS: 900, shadow: p.shadow, why: `the ${p.title} API plan's quota` },
    { name: `plan-${p.name}-day`, plan: p.name, groups: [...PLAN_GROUPS], key: 'app' as const, who: 'everyone' as const, kind: 'rate' as const, limit: p.requestsPerDay, windowS: 86_400, shadow: p.shadow, why: `the ${p.title} API plan's daily quota` },
  ])
}
