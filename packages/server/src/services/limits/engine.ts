// The rate-limit engine every entry point shares: which policies a request falls under,
// one store call to check and count them all, streaming connections held and released,
// and what was refused (or would have been, for shadow policies) for reports.
import type { Logger } from 'pino'
import { addressKey } from '../accounts/sign-in-throttle.ts'
import type { Group, Policy } from './policy.ts'
import type { LimitStore, RateResult } from './store.ts'

/** Who is asking, as far as limits care. `accountId` null means no person (anonymous or an app-only token). */
export interface Caller { ip: string; accountId: number | null; tokenId: number | null; appId: number | null; plan?: string | null }

/** One enforced policy's state after a decision. */
export interface PolicyState extends RateResult { policy: Policy }

/** The outcome of one request. */
export interface Decision {
  allowed: boolean
  /** the enforced policies that counted this request, the most constraining first (the refusing one when refused) */
  states: PolicyState[]
  /** when refused: the policy that refused */
  refusedBy: PolicyState | null
}

/** The outcome of opening a streaming connection. */
export type Held = { ok: true; release(): void } | { ok: false; policy: Policy }

/** Per policy: requests counted, refused, and refusals a shadow policy would have made. */
export interface PolicyStats { counted: number; refused: number; shadowRefused: number }

export type Limiter = ReturnType<typeof createLimiter>

function keyOf(p: Policy, c: Caller, ipKey: string): string | null {
  if (p.who === 'anonymous' && c.accountId !== null) return null
  if (p.who === 'signed-in' && c.accountId === null) return null
  if (p.plan !== undefined && p.plan !== c.plan) return null
  switch (p.key) {
    case 'ip': return `${p.name}:${ipKey}`
    case 'account': return c.accountId === null ? null : `${p.name}:a:${c.accountId}`
    case 'token': return c.tokenId === null ? null : `${p.name}:t:${c.tokenId}`
    case 'app': return c.appId === null ? null : `${p.name}:app:${c.appId}`
  }
}

const ALLOWED: Decision = Object.freeze({ allowed: true, states: Object.freeze([]) as unknown as PolicyState[], refusedBy: null })

// The most constraining first: fewest requests left, then the longest wait for the quota to be whole.
const tighter = (a: PolicyState, b: PolicyState) => a.remaining - b.remaining || b.resetMs - a.resetMs

/** Builds the engine over a store; `now` is injectable for tests and for `phare limits check`. */
export function createLimiter(policies: readonly Policy[], store: LimitStore, options: { log?: Logger; now?: () => number } = {}) {
  const now = options.now ?? Date.now
  const rates = new Map<Group, Policy[]>()
  for (const p of policies) if (p.kind === 'rate') for (const g of p.groups) rates.set(g, [...(rates.get(g) ?? []), p])
  const conns = policies.filter((p) => p.kind === 'connections')
  const held = new Map<string, number>()
  const stats = new Map<string, PolicyStats>(policies.map((p) => [p.name, { counted: 0, refused: 0, shadowRefused: 0 }]))
  const lastShadowLog = new Map<string, number>()
  let storeFailures = 0
  let open = 0

  function noteShadow(p: Policy, c: Caller) {
    stats.get(p.name)!.shadowRefused++
    const t = now()
    // One line per policy per minute: a flood must not become a flood of logs.
    if ((lastShadowLog.get(p.name) ?? 0) > t - 60_000) return
    lastShadowLog.set(p.name, t)
    options.log?.warn({ policy: p.name, key: p.key, signedIn: c.accountId !== null, wouldRefuse: stats.get(p.name)!.shadowRefused }, 'rate limit in shadow mode would refuse a request')
  }

  // Limits protect the service; an unreachable store must not become the outage.
  function failOpen(err: unknown): Decision {
    if (storeFailures++ % 1000 === 0) options.log?.error({ err: String((err as Error)?.message ?? err) }, 'rate-limit store unavailable: requests are let through')
    return ALLOWED
  }

  function decide(applicable: { policy: Policy }[], results: RateResult[], caller: Caller): Decision {
    const states: PolicyState[] = []
    for (let i = 0; i < applicable.length; i++) {
      const p = applicable[i]!.policy
      const r = results[i]!
      if (p.shadow) {
        if (!r.allowed) noteShadow(p, caller)
        continue
      }
      states.push({ ...r, policy: p })
    }
    states.sort(tighter)
    const refusedBy = states.find((s) => !s.allowed) ?? null
    if (refusedBy) {
      stats.get(refusedBy.policy.name)!.refused++
      states.splice(states.indexOf(refusedBy), 1)
      states.unshift(refusedBy)
    } else {
      for (let i = 0; i < applicable.length; i++) if (results[i]!.allowed) stats.get(applicable[i]!.policy.name)!.counted++
    }
    return { allowed: !refusedBy, states, refusedBy }
  }

  return {
    policies,
    /** Checks and counts one request of `group` against every policy it falls under (synchronously with the in-process store). */
    check(group: Group, caller: Caller): Decision | Promise<Decision> {
      const applicable: { policy: Policy; key: string }[] = []
      const ipKey = addressKey(caller.ip)
      for (const p of rates.get(group) ?? []) {
        const key = keyOf(p, caller, ipKey)
        if (key) applicable.push({ policy: p, key })
      }
      if (applicable.length === 0) return ALLOWED
      let results: RateResult[] | Promise<RateResult[]>
      try {
        results = store.hit(applicable.map(({ policy: p, key }) => ({ key, limit: p.limit, periodMs: p.windowS * 1000, shadow: p.shadow })), now())
      } catch (err) { return failOpen(err) }
      return results instanceof Promise ? results.then((r) => decide(applicable, r, caller), failOpen) : decide(applicable, results, caller)
    },

    /** Holds a streaming connection for the caller; `release` (idempotent) when it closes. Counted in this process. */
    connect(caller: Caller): Held {
      const keys: { policy: Policy; key: string }[] = []
      const ipKey = addressKey(caller.ip)
      for (const p of conns) {
        const key = keyOf(p, caller, ipKey)
        if (!key) continue
        if ((held.get(key) ?? 0) >= p.limit) {
          if (!p.shadow) { stats.get(p.name)!.refused++; return { ok: false, policy: p } }
          noteShadow(p, caller)
        }
        keys.push({ policy: p, key })
      }
      for (const { policy, key } of keys) { held.set(key, (held.get(key) ?? 0) + 1); stats.get(policy.name)!.counted++ }
      open++
      let released = false
      return {
        ok: true,
        release() {
          if (released) return
          released = true
          open--
          for (const { key } of keys) {
            const n = (held.get(key) ?? 1) - 1
            if (n <= 0) held.delete(key)
            else held.set(key, n)
          }
        },
      }
    },

    /** Counters per policy since the start. */
    stats(): Record<string, PolicyStats> { return Object.fromEntries([...stats].map(([k, v]) => [k, { ...v }])) },
    /** Streaming connections held now, per key. */
    heldConnections: () => open,
    close: () => store.close(),
  }
}
