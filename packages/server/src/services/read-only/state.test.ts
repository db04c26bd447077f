import { describe, expect, it } from 'vitest'
import { nextAuto, writeFailureReason } from './state.ts'

const MB = 1024 * 1024
const t = { floorBytes: 200 * MB, marginBytes: 100 * MB }

describe('read-only rules', () => {
  it('recognises the failures that mean the database cannot take writes, and only those', () => {
    expect(writeFailureReason({ code: 'SQLITE_FULL' })).toBe('disk_full')
    expect(writeFailureReason({ code: 'SQLITE_IOERR_WRITE' })).toBe('disk_full')
    expect(writeFailureReason({ code: 'ENOSPC' })).toBe('disk_full')
    expect(writeFailureReason({ code: '53100' })).toBe('disk_full')
    expect(writeFailureReason({ code: '25006' })).toBe('database_read_only')
    expect(writeFailureReason(new Error('x', { cause: { code: 'ENOSPC' } }))).toBe('disk_full')
    expect(writeFailureReason({ code: 'SQLITE_CONSTRAINT_UNIQUE' })).toBeNull()
    expect(writeFailureReason({ code: '23505' })).toBeNull()
    expect(writeFailureReason(null)).toBeNull()
  })

  it('enters on low space or a failed probe, and leaves only above the floor plus the margin after a probe write succeeded', () => {
    expect(nextAuto(null, { freeBytes: 500 * MB, probeOk: true }, t, 1)).toBeNull()
    const low = nextAuto(null, { freeBytes: 150 * MB, probeOk: true }, t, 1)
    expect(low).toEqual({ reason: 'low_disk_space', since: 1 })
    // above the floor but inside the margin: stays
    expect(nextAuto(low, { freeBytes: 250 * MB, probeOk: true }, t, 2)).toBe(low)
    // roomy, but the probe failed: stays
    expect(nextAuto(low, { freeBytes: 400 * MB, probeOk: false }, t, 2)).toBe(low)
    expect(nextAuto(low, { freeBytes: 400 * MB, probeOk: true }, t, 2)).toBeNull()
    const full = nextAuto(null, { freeBytes: 400 * MB, probeOk: false, probeReason: 'database_read_only' }, t, 3)
    expect(full).toEqual({ reason: 'database_read_only', since: 3 })
  })

  it('a floor of 0 turns the space check off', () => {
    expect(nextAuto(null, { freeBytes: 0, probeOk: true }, { floorBytes: 0, marginBytes: 0 }, 1)).toBeNull()
  })
})
