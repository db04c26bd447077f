// What a third-party developer is told when their app's plan refuses a request: the plan,
// the endpoint, and the way up (the plan that would allow it, and the developer page).
import { PhareError, PlanEndpointNotIncluded, PlanQuotaExceeded } from '../../errors.ts'
import type { Group } from '../limits/policy.ts'
import type { PolicyState } from '../limits/engine.ts'
import { planIncludes, upgradeFor, type Plan, type PlanSet } from './plan.ts'

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000))

/** The developer page of this server, where apps, plans and usage are shown. */
export const developerPage = (publicUrl: string) => `${publicUrl}/developers`

const upgradeOf = (p: Plan | null) => p ? { plan: p.name, title: p.title } : null

/** 403: the app's plan does not include this endpoint. */
export function endpointNotIncluded(set: PlanSet, plan: Plan, method: string, route: string, group: Group, publicUrl: string): PhareError {
  const endpoint = `${method === 'HEAD' ? 'GET' : method} ${route}`
  const up = upgradeFor(set, plan, method, route, group)
  const base = PlanEndpointNotIncluded(plan.title, endpoint)
  const page = developerPage(publicUrl)
  return new PhareError(base.code, base.status, `${base.message}. ${up ? `The ${up.title} plan includes it` : 'No plan of this server includes it'}; see ${page}`, {
    plan: plan.name,
    endpoint,
    upgrade: upgradeOf(up),
    developer_page: page,
    what_to_do: up
      ? `Ask the server's administrators to move this app to the ${up.title} plan (${page}), or stop calling this endpoint from the app.`
      : 'This endpoint is only for the server\'s own apps; stop calling it from this app.',
  })
}

/** 429: the app used its plan's quota for the window; only this app is affected. */
export function quotaExceeded(set: PlanSet, plan: Plan, refused: PolicyState, method: string, route: string, group: Group, publicUrl: string, now: number): PhareError {
  const endpoint = `${method === 'HEAD' ? 'GET' : method} ${route}`
  const daily = refused.policy.windowS >= 86_400
  const quota = daily ? plan.requestsPerDay : plan.requestsPer15Min
  const from = set.plans.indexOf(plan)
  const up = set.plans.find((p, i) => i > from && (daily ? p.requestsPerDay : p.requestsPer15Min) > quota && planIncludes(p, method, route, group)) ?? null
  const retryS = seconds(refused.retryMs)
  const base = PlanQuotaExceeded(plan.title)
  const page = developerPage(publicUrl)
  return new PhareError(base.code, base.status, `${base.message}: ${quota} requests per ${daily ? 'day' : '15 minutes'}. ${up ? `The ${up.title} plan allows more` : 'It is the largest plan'}; see ${page}`, {
    plan: plan.name,
    endpoint,
    limit: refused.policy.name,
    quota: { requests: quota, window_s: refused.policy.windowS },
    reset_at: new Date(now + seconds(refused.resetMs) * 1000).toISOString(),
    retry_after: retryS,
    upgrade: upgradeOf(up),
    developer_page: page,
    what_to_do: `Wait ${retryS} second${retryS === 1 ? '' : 's'}; the quota counts every request of this app, whoever uses it.${up ? ` For more, ask the server's administrators for the ${up.title} plan (${page}).` : ''}`,
  })
}
