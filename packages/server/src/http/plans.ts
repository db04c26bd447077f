// API plans in the request path, called by the rate-limit hook (http/limits.ts) once it knows
// the caller: a third-party app's request is checked against its plan's endpoints, its quota
// is counted by the engine with the other limits (one store call), and its usage is counted.
// First-party apps (trusted: the web app, apps an admin marks) never meet a plan.
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../context.ts'
import type { PhareError } from '../errors.ts'
import type { Caller, PolicyState } from '../services/limits/engine.ts'
import type { Group } from '../services/limits/policy.ts'
import { PLAN_GROUPS, planIncludes, type Plan } from '../services/plans/plan.ts'
import { planOfApp } from '../services/plans/apps.ts'
import { endpointNotIncluded, quotaExceeded } from '../services/plans/refusals.ts'
import { closeUsageCounter, usageCounter } from '../services/plans/usage.ts'

/** A third-party request's plan and whether the plan includes it. */
export interface PlanGate { plan: Plan; included: boolean; method: string; route: string; group: Group }

/** Looks up the caller's plan (null when none applies) and sets `caller.plan` so the engine counts the plan's quota. */
export async function planGate(ctx: AppContext, method: string, route: string, group: Group, caller: Caller): Promise<PlanGate | null> {
  if (caller.appId === null || !PLAN_GROUPS.includes(group)) return null
  const plan = await planOfApp(ctx, caller.appId)
  if (!plan) return null
  const included = planIncludes(plan, method, route, group)
  // A request outside the plan is refused without using the plan's quota.
  caller.plan = included ? plan.name : null
  return { plan, included, method, route, group }
}

/** The plan's refusal of an allowed-so-far request (endpoint not included), or of a refused one (its quota); null otherwise. */
export function planRefusal(ctx: AppContext, gate: PlanGate | null, refusedBy: PolicyState | null, now: number): PhareError | null {
  if (!gate) return null
  const { plan, method, route, group } = gate
  if (refusedBy) return refusedBy.policy.plan ? quotaExceeded(ctx.config.plans, plan, refusedBy, method, route, group, ctx.config.publicUrl, now) : null
  if (gate.included || plan.shadow) return null
  return endpointNotIncluded(ctx.config.plans, plan, method, route, group, ctx.config.publicUrl)
}

/** Counts an allowed request of an app for the developer page. */
export function countAppRequest(ctx: AppContext, appId: number | null): void {
  if (appId !== null) usageCounter(ctx).add(appId)
}

/** Writes the last counts when the server closes. */
export function registerPlanUsage(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onClose', async () => { await closeUsageCounter(ctx) })
}
