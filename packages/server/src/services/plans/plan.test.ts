import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { LimitsError, resolveLimitsFile } from '../limits/load.ts'
import { DEFAULT_PLANS, entryMatches, planIncludes, planNamed, planPolicies, upgradeFor } from './plan.ts'
import { plansProblems, resolvePlans } from './load.ts'

function problemsOf(doc: unknown): string[] {
  try { resolveLimitsFile(doc); return [] } catch (e) {
    if (e instanceof LimitsError) return e.problems
    throw e
  }
}

describe('plan endpoint sets', () => {
  const [free, basic, pro] = DEFAULT_PLANS.plans as [typeof DEFAULT_PLANS.plans[0], typeof DEFAULT_PLANS.plans[0], typeof DEFAULT_PLANS.plans[0]]

  it('a route group, "*", a method and route, or a route prefix each match what they say', () => {
    expect(entryMatches('read', 'GET', '/api/v1/timelines/home', 'read')).toBe(true)
    expect(entryMatches('read', 'POST', '/api/v1/statuses', 'write')).toBe(false)
    expect(entryMatches('*', 'DELETE', '/api/v1/statuses/:id', 'write')).toBe(true)
    expect(entryMatches('GET /api/v1/timelines/*', 'GET', '/api/v1/timelines/tag/:hashtag', 'read')).toBe(true)
    expect(entryMatches('GET /api/v1/timelines/*', 'HEAD', '/api/v1/timelines/home', 'read')).toBe(true)
    expect(entryMatches('GET /api/v1/timelines/*', 'POST', '/api/v1/timelines/home', 'write')).toBe(false)
    expect(entryMatches('/api/v1/statuses/:id', 'DELETE', '/api/v1/statuses/:id', 'write')).toBe(true)
    expect(entryMatches('/api/v1/statuses/:id', 'GET', '/api/v1/statuses/:id/context', 'read')).toBe(false)
  })

  it('the defaults: free reads and writes, basic adds search and uploads, pro includes everything', () => {
    expect(planIncludes(free, 'GET', '/api/v2/search', 'search')).toBe(false)
    expect(planIncludes(basic, 'GET', '/api/v2/search', 'search')).toBe(true)
    expect(planIncludes(basic, 'GET', '/api/v1/streaming', 'streaming')).toBe(false)
    expect(planIncludes(pro, 'GET', '/api/v1/streaming', 'streaming')).toBe(true)
  })

  it('the upgrade path is the next plan that includes the endpoint', () => {
    expect(upgradeFor(DEFAULT_PLANS, free, 'GET', '/api/v2/search', 'search')?.name).toBe('basic')
    expect(upgradeFor(DEFAULT_PLANS, free, 'GET', '/api/v1/streaming', 'streaming')?.name).toBe('pro')
    expect(upgradeFor(DEFAULT_PLANS, pro, 'GET', '/api/v2/search', 'search')?.name).toBe('basic')
  })

  it('an app on a plan the operator removed falls back to the default plan', () => {
    expect(planNamed(DEFAULT_PLANS, 'gold').name).toBe('free')
    expect(planNamed(DEFAULT_PLANS, null).name).toBe('free')
  })

  it('each plan becomes two app-keyed policies that count only its own apps', () => {
    const ps = planPolicies(DEFAULT_PLANS)
    expect(ps.map((p) => p.name)).toEqual(['plan-free-15m', 'plan-free-day', 'plan-basic-15m', 'plan-basic-day', 'plan-pro-15m', 'plan-pro-day'])
    expect(ps.every((p) => p.key === 'app' && p.plan && p.groups.includes('read'))).toBe(true)
  })
})

describe('plan validation', () => {
  it('the defaults keep every invariant, and a file without plans keeps them', () => {
    expect(plansProblems(DEFAULT_PLANS)).toEqual([])
    expect(resolveLimitsFile({ policies: {} }).plans).toEqual(DEFAULT_PLANS)
  })

  it('overrides a plan field by field, adds a new one, and removes one with "enabled": false', () => {
    const { plans } = resolveLimitsFile({
      defaultPlan: 'basic',
      plans: { free: { enabled: false }, basic: { requestsPerDay: 50_000 }, partner: { requestsPerDay: 9, requestsPer15Min: 9, endpoints: ['GET /api/v1/instance'] } },
    })
    expect(plans.defaultPlan).toBe('basic')
    expect(plans.plans.map((p) => p.name)).toEqual(['basic', 'pro', 'partner'])
    expect(plans.plans[0]).toMatchObject({ requestsPerDay: 50_000, requestsPer15Min: 1000, title: 'Basic' })
    expect(plans.plans[2]).toMatchObject({ title: 'Partner', shadow: false })
  })

  it('refuses, naming the plan and the fix: a zero quota, a 15-minute quota above the daily one, a bad endpoint, a missing default', () => {
    expect(problemsOf({ plans: { free: { requestsPerDay: 0 } } })[0]).toMatch(/plan "free" requestsPerDay: must be at least 1/)
    expect(problemsOf({ plans: { free: { requestsPerDay: 50, requestsPer15Min: 100 } } })[0]).toMatch(/plan "free": its 15-minute quota \(100\) is above its daily one \(50\); raise "requestsPerDay" to at least 100/)
    expect(problemsOf({ plans: { free: { endpoints: ['timelines'] } } })[0]).toMatch(/plan "free" endpoints: "timelines" is not "\*", a route group/)
    expect(problemsOf({ plans: { free: { endpoints: ['GET /api/*/home'] } } })[0]).toMatch(/may only end a route/)
    expect(problemsOf({ plans: { free: { endpoints: [] } } })[0]).toMatch(/includes no endpoint/)
    expect(problemsOf({ defaultPlan: 'gold' })[0]).toMatch(/"defaultPlan" is "gold", which is not a plan; new apps need one of: free, basic, pro/)
    expect(problemsOf({ plans: { free: { enabled: false } } })[0]).toMatch(/"defaultPlan" is "free", which is not a plan/)
    expect(problemsOf({ plans: { gold: { requestsPerDay: 5 } } })[0]).toMatch(/plan "gold" is new, so it needs/)
    expect(problemsOf({ plans: { Gold: {} } })[0]).toMatch(/plan names are lowercase/)
    expect(problemsOf({ plans: { free: { price: 3 } } })[0]).toMatch(/plan "free"/)
  })

  it('limit and plan problems are reported together, in one validation', () => {
    const problems = problemsOf({ policies: { 'writes-account-hour': { limit: 0 } }, plans: { free: { requestsPer15Min: 0 } } })
    expect(problems.some((p) => p.startsWith('policy "writes-account-hour"'))).toBe(true)
    expect(problems.some((p) => p.startsWith('plan "free"'))).toBe(true)
  })

  it('any valid quotas with the 15-minute one at most the daily one are accepted', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }), (per15, extra) => {
      const { problems } = resolvePlans({ free: { requestsPer15Min: per15, requestsPerDay: per15 + extra } }, undefined)
      return problems.length === 0
    }))
  })
})
