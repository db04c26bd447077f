import { describe, expect, it } from 'vitest'
import { createBulkheads } from './index.ts'
import { parseBulkheads } from './settings.ts'
import { PhareError, ValidationFailed } from '../../errors.ts'

const boom = () => Promise.reject(new Error('search index is gone'))

describe('bulkheads', () => {
  it('opens a part\'s breaker after its failures; then the part answers at once with part_unavailable naming it, and the other parts are untouched', async () => {
    let t = 0
    const b = createBulkheads('search.failures=3,search.cooldown_ms=10000', undefined, () => t)
    for (let i = 0; i < 3; i++) await expect(b.run('search', boom)).rejects.toThrow('search index is gone')
    const refused = await b.run('search', async () => 'never').catch((e: PhareError) => e)
    expect(refused).toBeInstanceOf(PhareError)
    expect(refused).toMatchObject({ code: 'part_unavailable', status: 503, details: { part: 'search', retry_after: 10 } })
    expect((refused as PhareError).message).toContain('search')
    expect(await b.run('notifications', async () => 'fine')).toBe('fine')
    expect(b.states().find((s) => s.part === 'search')).toMatchObject({ state: 'open', refused: 1 })
    // after the cooldown one trial goes through; its success closes the breaker
    t = 10_000
    expect(await b.run('search', async () => 'back')).toBe('back')
    expect(b.states().find((s) => s.part === 'search')?.state).toBe('closed')
  })

  it('a caller\'s mistake (4xx) is not a failure of the part', async () => {
    const b = createBulkheads('search.failures=1')
    for (let i = 0; i < 5; i++) await expect(b.run('search', () => Promise.reject(ValidationFailed('q', 'is bad')))).rejects.toMatchObject({ code: 'validation_failed' })
    expect(await b.run('search', async () => 1)).toBe(1)
  })

  it('a call past its time limit answers part_unavailable and counts as a failure; its slot stays taken until it really ends', async () => {
    const b = createBulkheads('rooms.timeout_ms=100,rooms.failures=1,rooms.concurrency=1')
    let finish = () => {}
    const hung = new Promise<void>((r) => { finish = r })
    const started = Date.now()
    await expect(b.run('rooms', () => hung)).rejects.toMatchObject({ code: 'part_unavailable', details: { part: 'rooms' } })
    expect(Date.now() - started).toBeLessThan(1000)
    expect(b.states().find((s) => s.part === 'rooms')).toMatchObject({ state: 'open', running: 1, timed_out: 1 })
    finish()
    await hung
    await new Promise((r) => setImmediate(r))
    expect(b.states().find((s) => s.part === 'rooms')?.running).toBe(0)
  })

  it('beyond its slots a call waits for one, and is refused when the part stays saturated', async () => {
    const b = createBulkheads('media.concurrency=1,media.timeout_ms=200')
    let release = () => {}
    const first = b.run('media', () => new Promise<void>((r) => { release = r }))
    const second = b.run('media', async () => 'second')
    setTimeout(() => release(), 50)
    await first
    expect(await second).toBe('second')
    // The holding call times out too (after its 200 ms), maybe before the late one is refused: caught from the start.
    const hold = b.run('media', () => new Promise<void>((r) => setTimeout(r, 1000))).catch(() => {})
    await expect(b.run('media', async () => 'late')).rejects.toMatchObject({ code: 'part_unavailable' })
    await hold
  })

  it('held connections take slots until released', () => {
    const b = createBulkheads('streaming.concurrency=2')
    const a = b.hold('streaming')
    b.hold('streaming')
    expect(() => b.hold('streaming')).toThrow(/streaming/)
    a.release(true)
    expect(() => b.hold('streaming')).not.toThrow()
  })

  it('PHARE_BULKHEADS names what is wrong in a bad entry', () => {
    expect(parseBulkheads('search.concurrency=8').search.concurrency).toBe(8)
    expect(() => parseBulkheads('serch.concurrency=8')).toThrow(/unknown part "serch"/)
    expect(() => parseBulkheads('search.speed=8')).toThrow(/unknown field "speed"/)
    expect(() => parseBulkheads('search.concurrency=0')).toThrow(/between 1/)
    expect(() => parseBulkheads('search')).toThrow(/part.field=number/)
  })
})
