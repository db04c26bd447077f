import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createLimiter, type Caller } from './engine.ts'
import { rateLimitHeaders, rateLimitedError } from './headers.ts'
import { LimitsError, resolveLimits } from './load.ts'
import { memoryStore } from './memory-store.ts'
import { heavyDay } from './normal-day.ts'
import { DEFAULT_POLICIES, GROUPS, type Policy } from './policy.ts'

const START = Date.UTC(2026, 0, 5, 7)
const person: Caller = { ip: '198.51.100.7', accountId: 41, tokenId: 7, appId: 3 }
const anonymous: Caller = { ip: '198.51.100.7', accountId: null, tokenId: null, appId: null }

/** Any configuration an operator might write: every default policy moved, some shadowed or off, one of their own. */
const overrides = fc.record({
  changes: fc.array(fc.record({
    name: fc.constantFrom(...DEFAULT_POLICIES.map((p) => p.name)),
    factor: fc.double({ min: 0.3, max: 8, noNaN: true }),
    window: fc.option(fc.constantFrom('1m', '5m', '30m', '1h', '6h', '1d'), { nil: undefined }),
    shadow: fc.option(fc.boolean(), { nil: undefined }),
    enabled: fc.option(fc.constant(false), { nil: undefined }),
  }), { maxLength: 6 }),
  own: fc.option(fc.record({
    groups: fc.subarray([...GROUPS].filter((g) => g !== 'streaming'), { minLength: 1 }),
    key: fc.constantFrom('ip', 'account', 'token', 'app'),
    who: fc.constantFrom('everyone', 'anonymous', 'signed-in'),
    limit: fc.integer({ min: 1, max: 20_000 }),
    window: fc.constantFrom(10, 60, 300, 3600, 86_400),
    shadow: fc.boolean(),
  }), { nil: undefined }),
})

/** The policies of a generated configuration, or null when validation refuses it. */
function configure(o: typeof overrides extends fc.Arbitrary<infer T> ? T : never): Policy[] | null {
  const policies: Record<string, unknown> = {}
  for (const c of o.changes) {
    const base = DEFAULT_POLICIES.find((p) => p.name === c.name)!
    policies[c.name] = c.enabled === false ? { enabled: false }
      : { limit: Math.max(1, Math.round(base.limit * c.factor)), ...(c.window && base.kind === 'rate' ? { window: c.window } : {}), ...(c.shadow !== undefined ? { shadow: c.shadow } : {}) }
  }
  if (o.own) policies['operator-own'] = o.own
  try { return resolveLimits({ policies }) } catch (e) {
    if (e instanceof LimitsError) return null
    throw e
  }
}

describe('the rate-limit engine', () => {
  it('never refuses any request of a fresh account\'s heavy day, under any configuration validation accepts', async () => {
    await fc.assert(fc.asyncProperty(overrides, async (o) => {
      const policies = configure(o)
      fc.pre(policies !== null)
      let clock = START
      const limiter = createLimiter(policies!, memoryStore(), { now: () => clock })
      const open: (() => void)[] = []
      for (const r of heavyDay()) {
        clock = START + r.at
        const caller = r.signedIn ? person : anonymous
        const d = await limiter.check(r.group, caller)
        if (!d.allowed) throw new Error(`refused ${r.group} (${r.what}) at +${r.at} ms by ${d.refusedBy!.policy.name}`)
        if (r.group === 'streaming') {
          if (open.length === 4) open.shift()!()
          const held = limiter.connect(caller)
          if (!held.ok) throw new Error(`streaming connection refused by ${held.policy.name}`)
          open.push(held.release)
        }
      }
      await limiter.close()
    }), { numRuns: 30, maxSkipsPerRun: 1000 })
  }, 120_000)

  it('headers always agree with the decision', async () => {
    const callers: Caller[] = [
      person, anonymous,
      { ip: '2001:db8:5:6::1', accountId: 42, tokenId: 8, appId: 3 },
      { ip: '2001:db8:5:6:ffff::2', accountId: null, tokenId: 9, appId: 4 },
    ]
    const step = fc.record({ dt: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30_000 })), group: fc.constantFrom(...GROUPS), who: fc.integer({ min: 0, max: 3 }) })
    await fc.assert(fc.asyncProperty(overrides, fc.array(step, { minLength: 1, maxLength: 300 }), async (o, steps) => {
      const policies = configure(o)
      fc.pre(policies !== null)
      // Tight limits make refusals common enough to check.
      const tight = policies!.map((p) => ({ ...p, limit: Math.max(1, Math.ceil(p.limit / 200)) }))
      let clock = START
      const limiter = createLimiter(tight, memoryStore(), { now: () => clock })
      let last: { key: string; roomLeft: boolean } | null = null
      for (const s of steps) {
        clock += s.dt
        const d = await limiter.check(s.group, callers[s.who]!)
        const h = rateLimitHeaders(d, clock)
        for (const st of d.states) {
          expect(Number.isInteger(st.remaining) && st.remaining >= 0).toBe(true)
          if (!st.allowed) expect(st.remaining).toBe(0)
        }
        if (d.states.length) {
          const items = h.ratelimit!.split(', ').map((x) => /^"([a-z0-9-]+)";r=(\d+);t=(\d+)$/.exec(x)!)
          expect(items.map((m) => m[1])).toEqual(d.states.map((st) => st.policy.name))
          expect(h['ratelimit-policy']!.split(', ')).toEqual(d.states.map((st) => `"${st.policy.name}";q=${st.policy.limit};w=${st.policy.windowS}`))
          for (const m of items) expect(Number(m[3])).toBeGreaterThanOrEqual(1)
          expect(Date.parse(h['x-ratelimit-reset']!)).toBeGreaterThan(clock)
          expect(h['x-ratelimit-remaining']).toBe(items[0]![2])
        }
        if (d.allowed) expect(d.states.every((st) => st.allowed)).toBe(true)
        else {
          expect(d.refusedBy).toBe(d.states[0])
          expect(h['x-ratelimit-remaining']).toBe('0')
          const err = rateLimitedError(d.refusedBy!, clock)
          expect(err.details!.retry_after).toBeGreaterThanOrEqual(1)
          expect(Date.parse(err.details!.reset_at as string)).toBeGreaterThan(clock)
          // A refusal only when the quota was shown empty: the same request at the same instant, after "1 left", passes.
          const key = `${s.group}/${s.who}`
          if (last && last.key === key && s.dt === 0) expect(last.roomLeft).toBe(false)
        }
        last = { key: `${s.group}/${s.who}`, roomLeft: d.allowed && d.states.every((st) => st.remaining >= 1) }
      }
      await limiter.close()
    }), { numRuns: 60, maxSkipsPerRun: 1000 })
  }, 120_000)

  it('counts an IPv6 address by its /64 and an IPv4 address by itself', async () => {
    const policies = resolveLimits({ policies: {} }).map((p) => p.name === 'anonymous-ip' ? { ...p, limit: 2 } : p)
    const limiter = createLimiter(policies, memoryStore(), { now: () => START })
    const anon = (ip: string): Caller => ({ ip, accountId: null, tokenId: null, appId: null })
    expect((await limiter.check('read', anon('2001:db8:1:2::a'))).allowed).toBe(true)
    expect((await limiter.check('read', anon('2001:db8:1:2:ffff:ffff:ffff:ffff'))).allowed).toBe(true)
    expect((await limiter.check('read', anon('2001:db8:1:2::b'))).refusedBy?.policy.name).toBe('anonymous-ip')
    expect((await limiter.check('read', anon('2001:db8:1:3::a'))).allowed).toBe(true)
    expect((await limiter.check('read', anon('192.0.2.1'))).allowed).toBe(true)
    expect((await limiter.check('read', anon('::ffff:192.0.2.2'))).allowed).toBe(true)
    // A signed-in person at the refused address is not anonymous.
    expect((await limiter.check('read', { ...person, ip: '2001:db8:1:2::c' })).allowed).toBe(true)
  })

  it('a shadow policy counts and reports without refusing', async () => {
    const policies = resolveLimits({ policies: { 'writes-account-hour': { limit: 2, shadow: true } } })
    const limiter = createLimiter(policies, memoryStore(), { now: () => START })
    for (let i = 0; i < 5; i++) expect((await limiter.check('write', person)).allowed).toBe(true)
    expect(limiter.stats()['writes-account-hour']).toEqual({ counted: 2, shadowRefused: 3, refused: 0 })
    expect((await limiter.check('write', person)).states.map((s) => s.policy.name)).not.toContain('writes-account-hour')
  })

  it('caps streaming connections per account and per address, and a closed one frees its place', () => {
    const limiter = createLimiter(DEFAULT_POLICIES, memoryStore())
    const perAccount = DEFAULT_POLICIES.find((p) => p.name === 'streams-account')!.limit
    const perIp = DEFAULT_POLICIES.find((p) => p.name === 'streams-ip')!.limit
    const held = Array.from({ length: perAccount }, () => limiter.connect(person))
    expect(held.every((h) => h.ok)).toBe(true)
    const over = limiter.connect(person)
    expect(over.ok ? null : over.policy.name).toBe('streams-account')
    if (held[0]!.ok) { held[0]!.release(); held[0]!.release() }
    expect(limiter.connect(person).ok).toBe(true)
    expect(limiter.heldConnections()).toBe(perAccount)
    for (let i = 0; i < perIp - perAccount; i++) limiter.connect({ ...anonymous, ip: person.ip })
    const crowd = limiter.connect({ ...anonymous, ip: person.ip })
    expect(crowd.ok ? null : crowd.policy.name).toBe('streams-ip')
  })

  it('lets requests through when the store fails', async () => {
    const broken = { hit: async () => { throw new Error('down') }, close: async () => {} }
    const limiter = createLimiter(DEFAULT_POLICIES, broken)
    expect(await limiter.check('write', person)).toEqual({ allowed: true, states: [], refusedBy: null })
  })
})
