import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createBreaker, type BreakerState, type Ticket } from './breaker.ts'

function clock() {
  let t = 1_000
  return { now: () => t, advance: (ms: number) => { t += ms } }
}

/** Runs one job to its end at once. */
function run(b: ReturnType<typeof createBreaker>, ok: boolean) {
  const t = b.start()
  if (!t) return false
  if (ok) b.succeeded(t)
  else b.failed(t)
  return true
}

describe('circuit breaker', () => {
  it('opens exactly when the run of consecutive failures reaches the threshold', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.boolean(), { maxLength: 40 }), (n, outcomes) => {
      const c = clock()
      const b = createBreaker({ failures: n, cooldownMs: 1000 }, c.now)
      let run_ = 0
      for (const ok of outcomes) {
        expect(b.state()).toBe('closed')
        run(b, ok)
        run_ = ok ? 0 : run_ + 1
        if (run_ === n) { expect(b.state()).toBe('open'); return }
        expect(b.snapshot().consecutiveFailures).toBe(run_)
      }
      expect(b.state()).toBe('closed')
    }))
  })

  it('never lets more than one trial out while half-open, whatever the interleaving', () => {
    type Op = { kind: 'start' } | { kind: 'end'; pick: number; ok: boolean } | { kind: 'wait'; ms: number }
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.constant({ kind: 'start' as const }),
      fc.record({ kind: fc.constant('end' as const), pick: fc.nat(), ok: fc.boolean() }),
      fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 3000 }) }),
    )
    fc.assert(fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
      const c = clock()
      const b = createBreaker({ failures: 2, cooldownMs: 1000, maxCooldownMs: 4000 }, c.now)
      const out: { ticket: Ticket; trial: boolean }[] = []
      for (const o of ops) {
        if (o.kind === 'wait') c.advance(o.ms)
        else if (o.kind === 'start') {
          const before = b.state()
          const allowed = b.allowance()
          const ticket = b.start()
          expect(ticket !== null).toBe(allowed > 0)
          if (before === 'open') expect(ticket).toBeNull()
          if (ticket) out.push({ ticket, trial: before === 'half-open' })
        } else if (out.length) {
          const { ticket } = out.splice(o.pick % out.length, 1)[0]!
          if (o.ok) b.succeeded(ticket)
          else b.failed(ticket)
        }
        const trials = out.filter((x) => x.trial)
        const byGeneration = new Map<number, number>()
        for (const x of trials) byGeneration.set(x.ticket.generation, (byGeneration.get(x.ticket.generation) ?? 0) + 1)
        for (const count of byGeneration.values()) expect(count).toBeLessThanOrEqual(1)
        const s = b.snapshot()
        expect(s.reopensAt === null).toBe(s.state !== 'open')
      }
    }))
  })

  it('after the cooldown lets one trial through; its success closes the breaker and resets the count', () => {
    const c = clock()
    const seen: BreakerState[] = []
    const b = createBreaker({ failures: 3, cooldownMs: 500 }, c.now, (s) => seen.push(s))
    for (let i = 0; i < 3; i++) run(b, false)
    expect(b.snapshot()).toEqual({ state: 'open', consecutiveFailures: 3, reopensAt: c.now() + 500 })
    expect(b.start()).toBeNull()
    c.advance(499)
    expect(b.allowance()).toBe(0)
    c.advance(1)
    expect(b.allowance()).toBe(1)
    const trial = b.start()!
    expect(b.start()).toBeNull()
    b.succeeded(trial)
    expect(b.snapshot()).toEqual({ state: 'closed', consecutiveFailures: 0, reopensAt: null })
    expect(b.allowance()).toBe(Infinity)
    expect(seen).toEqual(['open', 'half-open', 'closed'])
  })

  it('a failed trial reopens with the cooldown doubled, up to the maximum, and a success restores it', () => {
    const c = clock()
    const b = createBreaker({ failures: 1, cooldownMs: 100, maxCooldownMs: 300 }, c.now)
    run(b, false)
    const waits: number[] = []
    for (let i = 0; i < 4; i++) {
      waits.push(b.snapshot().reopensAt! - c.now())
      c.advance(waits.at(-1)!)
      run(b, false)
    }
    expect(waits).toEqual([100, 200, 300, 300])
    c.advance(300)
    run(b, true)
    run(b, false)
    expect(b.snapshot().reopensAt! - c.now()).toBe(100)
  })

  it('ignores the outcome of a job started before the breaker changed state', () => {
    const c = clock()
    const b = createBreaker({ failures: 1, cooldownMs: 100 }, c.now)
    const straggler = b.start()!
    run(b, false)
    c.advance(100)
    const trial = b.start()!
    b.failed(straggler)
    expect(b.state()).toBe('half-open')
    b.succeeded(straggler)
    expect(b.state()).toBe('half-open')
    b.succeeded(trial)
    expect(b.state()).toBe('closed')
  })
})
