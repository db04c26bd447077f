// Limits come from the defaults, overridden by an operator's JSON file (PHARE_LIMITS_FILE):
// { "policies": { "writes-account-hour": { "limit": 900 }, "search-ip": { "shadow": true },
//   "dm-burst": { "groups": ["write"], "key": "account", "limit": 50, "window": "10m", "shadow": true } } }
import { readFileSync } from 'node:fs'
import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { DEFAULT_POLICIES, GROUPS, KEYS, WHO, parseWindow, type Policy } from './policy.ts'
import { limitsProblems } from './validate.ts'
import { DEFAULT_PLANS, type PlanSet } from '../plans/plan.ts'
import { PlansSection, planSchemaProblem, resolvePlans } from '../plans/load.ts'

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)))

const PolicyOverride = Type.Object({
  groups: Type.Optional(Type.Array(literals(GROUPS), { minItems: 1 })),
  key: Type.Optional(literals(KEYS)),
  who: Type.Optional(literals(WHO)),
  kind: Type.Optional(literals(['rate', 'connections'] as const)),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000 })),
  window: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.String({ pattern: '^[0-9]+(s|m|h|d)$' })])),
  shadow: Type.Optional(Type.Boolean()),
  enabled: Type.Optional(Type.Boolean()),
  why: Type.Optional(Type.String({ maxLength: 200 })),
}, { additionalProperties: false })

/** The limits file: policy name → fields to override (or a whole new policy); API plans likewise (services/plans/load.ts). */
export const LimitsFile = Type.Object({
  policies: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,47}$' }), PolicyOverride)),
  plans: Type.Optional(PlansSection),
  defaultPlan: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9-]{0,31}$' })),
}, { additionalProperties: false })
export type LimitsFile = Static<typeof LimitsFile>

/** The policies are unsafe or the file is malformed; `problems` name the policy and the fix. */
export class LimitsError extends Error {
  readonly problems: string[]
  constructor(problems: string[]) {
    super(`The rate limits are invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.problems = problems
  }
}

function schemaProblem(path: string, message: string): string {
  const parts = path.split('/').filter(Boolean)
  if (parts[0] === 'plans' || parts[0] === 'defaultPlan') return planSchemaProblem(parts, message)
  if (parts[0] !== 'policies' || !parts[1]) return `the file: ${path || '/'} ${message.toLowerCase()} (it holds { "policies": { "<name>": { … } }, "plans": { "<name>": { … } }, "defaultPlan": "<name>" })`
  const where = `policy "${parts[1]}"${parts[2] ? ` ${parts.slice(2).join('.')}` : ''}`
  if (parts[2] === 'limit' && /greater or equal/.test(message)) return `${where}: must be at least 1 (a limit of 0 refuses everything); to turn the policy off write "enabled": false`
  if (parts[2] === 'window') return `${where}: must be a number of seconds or a duration like "30s", "5m", "1h", "1d"`
  return `${where}: ${message.toLowerCase()}`
}

/** Applies a parsed limits file to the defaults; throws LimitsError naming every problem. */
export function resolveLimits(doc: unknown, defaults: readonly Policy[] = DEFAULT_POLICIES): Policy[] {
  return resolveLimitsFile(doc, defaults).policies
}

/** The rate limits and the API plans of a parsed limits file, checked together; throws LimitsError naming every problem. */
export function resolveLimitsFile(doc: unknown, defaults: readonly Policy[] = DEFAULT_POLICIES): { policies: Policy[]; plans: PlanSet } {
  if (!Value.Check(LimitsFile, doc)) {
    const seen = new Set<string>()
    const problems = [...Value.Errors(LimitsFile, doc)].map((e) => schemaProblem(e.path, e.message)).filter((p) => !seen.has(p) && seen.add(p))
    throw new LimitsError(problems.slice(0, 10))
  }
  const byName = new Map(defaults.map((p) => [p.name, { ...p }]))
  const problems: string[] = []
  for (const [name, o] of Object.entries(doc.policies ?? {})) {
    const base = byName.get(name)
    if (o.enabled === false) {
      if (!base) problems.push(`policy "${name}" is not a policy to turn off; known: ${[...byName.keys()].join(', ')}`)
      byName.delete(name)
      continue
    }
    if (!base && (!o.groups || !o.key || o.limit === undefined || (o.window === undefined && o.kind !== 'connections'))) {
      problems.push(`policy "${name}" is new, so it needs "groups", "key", "limit" and "window" (or "kind": "connections"); to change a default, use one of: ${[...byName.keys()].join(', ')}`)
      continue
    }
    const kind = o.kind ?? base?.kind ?? 'rate'
    const windowS = kind === 'connections' ? 0 : o.window !== undefined ? parseWindow(o.window) : base!.windowS
    if (windowS === null) { problems.push(`policy "${name}" window: must be a number of seconds or a duration like "5m"`); continue }
    byName.set(name, {
      name, kind, windowS,
      groups: o.groups ?? base!.groups, key: o.key ?? base!.key, who: o.who ?? base?.who ?? 'everyone',
      limit: o.limit ?? base!.limit, shadow: o.shadow ?? base?.shadow ?? false, why: o.why ?? base?.why ?? 'set by the operator',
    })
  }
  const policies = [...byName.values()]
  problems.push(...limitsProblems(policies))
  const plans = resolvePlans(doc.plans, doc.defaultPlan)
  problems.push(...plans.problems)
  if (problems.length) throw new LimitsError(problems)
  return { policies, plans: plans.set }
}

/** The policies in effect: the defaults, overridden by `file` when given. */
export function loadLimits(file: string | null): Policy[] {
  return loadLimitsFile(file).policies
}

/** The policies and API plans in effect: the defaults, overridden by `file` when given. */
export function loadLimitsFile(file: string | null): { policies: Policy[]; plans: PlanSet } {
  if (!file) return { policies: resolveLimits({ policies: {} }), plans: DEFAULT_PLANS }
  let doc: unknown
  try { doc = JSON.parse(readFileSync(file, 'utf8')) } catch (e) {
    throw new LimitsError([`cannot read ${file} as JSON (${(e as Error).message})`])
  }
  return resolveLimitsFile(doc)
}
