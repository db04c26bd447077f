import { describe, expect, it } from 'vitest'
import { partOf } from './bulkheads.ts'

describe('the part of a route', () => {
  it('puts each part\'s entry points behind its bulkhead, and leaves posting, timelines and accounts outside', () => {
    expect(partOf('/api/v2/media')).toBe('media')
    expect(partOf('/api/v1/media/:id')).toBe('media')
    expect(partOf('/api/v2/search')).toBe('search')
    expect(partOf('/api/v1/accounts/search')).toBe('search')
    expect(partOf('/api/v1/phare/rooms/:id/events')).toBe('rooms')
    expect(partOf('/api/v1/streaming')).toBe('streaming')
    expect(partOf('/api/v1/streaming/user')).toBe('streaming')
    expect(partOf('/api/v1/streaming/health')).toBeNull()
    expect(partOf('/api/v1/notifications/:id/dismiss')).toBe('notifications')
    expect(partOf('/api/v2/notifications')).toBe('notifications')
    for (const free of ['/api/v1/statuses', '/api/v1/timelines/home', '/api/v1/accounts/:id', '/api/v1/phare/read_only']) expect(partOf(free)).toBeNull()
  })
})
