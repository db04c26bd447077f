// What a client is told: the IETF httpapi draft's RateLimit-Policy and RateLimit fields
// (structured-field lists, one item per policy: "name";q=300;w=300 and "name";r=297;t=3),
// Mastodon's X-RateLimit-* for the clients that read those, and the 429's body.
import { PhareError, RateLimited } from '../../errors.ts'
import { describeLimit, type Policy } from './policy.ts'
import type { Decision, PolicyState } from './engine.ts'

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000))

/** The response headers of a decision; none when no enforced policy counted the request. */
export function rateLimitHeaders(d: Decision, now: number): Record<string, string> {
  if (d.states.length === 0) return {}
  const first = d.states[0]!
  return {
    'ratelimit-policy': d.states.map((s) => `"${s.policy.name}";q=${s.policy.limit};w=${s.policy.windowS}`).join(', '),
    ratelimit: d.states.map((s) => `"${s.policy.name}";r=${s.remaining};t=${seconds(s.resetMs)}`).join(', '),
    'x-ratelimit-limit': String(first.policy.limit),
    'x-ratelimit-remaining': String(first.remaining),
    'x-ratelimit-reset': new Date(now + seconds(first.resetMs) * 1000).toISOString(),
  }
}

function advice(p: Policy, retryS: number): string {
  const wait = `Wait ${retryS} second${retryS === 1 ? '' : 's'} before trying again`
  switch (p.key) {
    case 'ip': return `${wait}. This limit counts everything from your network address${p.who === 'anonymous' ? '; signed-in people are counted separately, so signing in lifts it' : ''}.`
    case 'token': return `${wait}. This limit counts one app's requests; your other apps are not affected.`
    case 'app': return `${wait}. This limit counts every request of this app.`
    case 'account': return `${wait}. Nothing else about your account is affected.`
  }
}

/** The 429 for a refused request: names the limit, when it resets and what to do (Retry-After comes from `retry_after`). */
export function rateLimitedError(refused: PolicyState, now: number): PhareError {
  const p = refused.policy
  const retryS = seconds(refused.retryMs)
  return new PhareError(RateLimited.code, RateLimited.status, `Too many requests: the "${p.name}" limit allows ${describeLimit(p)} (${p.why})`, {
    limit: p.name,
    reset_at: new Date(now + seconds(refused.resetMs) * 1000).toISOString(),
    retry_after: retryS,
    what_to_do: advice(p, retryS),
  })
}

/** The 429 for a streaming connection over its cap. */
export function tooManyConnectionsError(p: Policy, now: number): PhareError {
  return new PhareError(RateLimited.code, RateLimited.status, `Too many streaming connections: the "${p.name}" limit allows ${describeLimit(p)}`, {
    limit: p.name,
    reset_at: new Date(now + 5000).toISOString(),
    retry_after: 5,
    what_to_do: 'Close a streaming connection you no longer use (another tab or app), then connect again.',
  })
}
