// API plans come from the defaults, overridden in the same operator file as the rate limits
// (PHARE_LIMITS_FILE), and are checked with it before they take effect:
// { "defaultPlan": "free", "plans": { "free": { "requestsPerDay": 2000 }, "pro": { "enabled": false },
//   "partner": { "title": "Partner", "requestsPerDay": 500000, "requestsPer15Min": 20000, "endpoints": ["*"] } } }
import { Type } from '@sinclair/typebox'
import { DEFAULT_PLANS, entryProblem, type Plan, type PlanSet } from './plan.ts'

const PlanOverride = Type.Object({
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  requestsPerDay: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000 })),
  requestsPer15Min: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000 })),
  endpoints: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 })),
  shadow: Type.Optional(Type.Boolean()),
  enabled: Type.Optional(Type.Boolean()),
}, { additionalProperties: false })

const NAME = /^[a-z][a-z0-9-]{0,31}$/

/** The `plans` section of the limits file: plan name → fields to override (or a whole new plan). */
export const PlansSection = Type.Record(Type.String({ pattern: NAME.source }), PlanOverride)

/** A schema error under /plans, said so that an operator can fix it. */
export function planSchemaProblem(parts: string[], message: string): string {
  if (parts[0] === 'defaultPlan') return `"defaultPlan" must be the name of a plan, e.g. "free"`
  if (!parts[1]) return `"plans" ${message.toLowerCase()}; plan names are lowercase letters, digits and "-" (e.g. "free")`
  const where = `plan "${parts[1]}"${parts[2] ? ` ${parts.slice(2).join('.')}` : ''}`
  if ((parts[2] === 'requestsPerDay' || parts[2] === 'requestsPer15Min') && /greater or equal/.test(message)) return `${where}: must be at least 1 (a quota of 0 refuses everything); to remove the plan write "enabled": false`
  return `${where}: ${message.toLowerCase()}`
}

/** Applies the file's plans over the defaults; returns the plans and every problem found (names the plan and the fix). */
export function resolvePlans(section: Record<string, Record<string, unknown>> | undefined, defaultPlan: string | undefined, defaults: PlanSet = DEFAULT_PLANS): { set: PlanSet; problems: string[] } {
  const byName = new Map(defaults.plans.map((p) => [p.name, { ...p, endpoints: [...p.endpoints] }]))
  const problems: string[] = []
  for (const [name, raw] of Object.entries(section ?? {})) {
    const o = raw as Partial<Plan> & { enabled?: boolean }
    if (!NAME.test(name)) { problems.push(`plan "${name}": plan names are lowercase letters, digits and "-", starting with a letter (e.g. "free")`); continue }
    const base = byName.get(name)
    if (o.enabled === false) {
      if (!base) problems.push(`plan "${name}" is not a plan to remove; known: ${[...byName.keys()].join(', ')}`)
      byName.delete(name)
      continue
    }
    if (!base && (o.requestsPerDay === undefined || o.requestsPer15Min === undefined || !o.endpoints)) {
      problems.push(`plan "${name}" is new, so it needs "requestsPerDay", "requestsPer15Min" and "endpoints"; to change a default, use one of: ${[...byName.keys()].join(', ')}`)
      continue
    }
    byName.set(name, {
      name, title: o.title ?? base?.title ?? name[0]!.toUpperCase() + name.slice(1),
      requestsPerDay: o.requestsPerDay ?? base!.requestsPerDay, requestsPer15Min: o.requestsPer15Min ?? base!.requestsPer15Min,
      endpoints: o.endpoints ?? base!.endpoints, shadow: o.shadow ?? base?.shadow ?? false,
    })
  }
  const plans = [...byName.values()]
  const set: PlanSet = { plans, defaultPlan: defaultPlan ?? defaults.defaultPlan }
  problems.push(...plansProblems(set))
  return { set, problems }
}

/** The invariants a set of plans keeps: a default plan that exists, quotas that agree, endpoints that parse. */
export function plansProblems(set: PlanSet): string[] {
  const problems: string[] = []
  if (set.plans.length === 0) problems.push('there must be at least one plan: every third-party app has one')
  else if (!set.plans.some((p) => p.name === set.defaultPlan)) {
    problems.push(`"defaultPlan" is "${set.defaultPlan}", which is not a plan; new apps need one of: ${set.plans.map((p) => p.name).join(', ')}`)
  }
  for (const p of set.plans) {
    const at = `plan "${p.name}"`
    if (p.requestsPer15Min > p.requestsPerDay) {
      problems.push(`${at}: its 15-minute quota (${p.requestsPer15Min}) is above its daily one (${p.requestsPerDay}); raise "requestsPerDay" to at least ${p.requestsPer15Min}`)
    }
    if (p.endpoints.length === 0) problems.push(`${at} includes no endpoint; give it "endpoints", e.g. ["read"], or remove it with "enabled": false`)
    for (const e of p.endpoints) {
      const problem = entryProblem(e)
      if (problem) problems.push(`${at} endpoints: ${problem}`)
    }
  }
  return problems
}
