import { describe, expect, it } from 'vitest'
import { parseSchedule, validateReaction, validateRoomText, SCHEDULE_MAX_MS } from './rules.ts'

describe('room rules', () => {
  it('a title is required and at most 100 characters; topics are at most 3 tags', () => {
    expect(() => validateRoomText({ title: '  ' })).toThrow(/title/)
    expect(() => validateRoomText({ title: 'x'.repeat(101) })).toThrow(/title/)
    expect(validateRoomText({ title: ' Hi ', topics: ['#a', 'b', 'a'] })).toEqual({ title: 'Hi', description: '', topics: ['a', 'b'] })
    expect(() => validateRoomText({ title: 'Hi', topics: ['a', 'b', 'c', 'd'] })).toThrow(/topics/)
    expect(() => validateRoomText({ title: 'Hi', topics: ['a b'] })).toThrow(/topics/)
    expect(() => validateRoomText({ title: 'Hi', description: 'd'.repeat(1001) })).toThrow(/description/)
  })

  it('a schedule is in the future and within 30 days', () => {
    const now = Date.UTC(2026, 0, 1)
    expect(parseSchedule(undefined, now)).toBeNull()
    expect(() => parseSchedule(new Date(now - 1000).toISOString(), now)).toThrow(/future/)
    expect(() => parseSchedule(new Date(now + SCHEDULE_MAX_MS + 1000).toISOString(), now)).toThrow(/30 days/)
    expect(() => parseSchedule('tomorrow', now)).toThrow(/ISO/)
    expect(parseSchedule(new Date(now + 60_000).toISOString(), now)).toBe(now + 60_000)
  })

  it('only reactions from the short list are accepted', () => {
    expect(validateReaction('👏')).toBe('👏')
    expect(() => validateReaction('<b>spam</b>')).toThrow(/emoji/)
  })
})
