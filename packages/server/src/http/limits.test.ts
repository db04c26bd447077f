import { describe, expect, it } from 'vitest'
import { routeGroup } from './limits.ts'

describe('route groups', () => {
  it.each([
    ['GET', '/api/v1/timelines/home', 'read'],
    ['HEAD', '/api/v1/accounts/:id', 'read'],
    ['GET', '/@:acct', 'read'],
    ['POST', '/api/v1/statuses', 'write'],
    ['DELETE', '/api/v1/statuses/:id', 'write'],
    ['POST', '/api/v1/statuses/:id/favourite', 'write'],
    ['POST', '/api/v1/media', 'media'],
    ['POST', '/api/v2/media', 'media'],
    ['PUT', '/api/v1/media/:id', 'write'],
    ['GET', '/api/v2/search', 'search'],
    ['GET', '/api/v1/accounts/search', 'search'],
    ['POST', '/api/v1/accounts', 'sign-up'],
    ['POST', '/oauth/token', 'sign-in'],
    ['POST', '/oauth/authorize', 'sign-in'],
    ['POST', '/auth/password', 'sign-in'],
    ['GET', '/oauth/authorize', 'read'],
    ['GET', '/api/v1/streaming', 'streaming'],
    ['GET', '/api/v1/streaming/public/local', 'streaming'],
  ] as const)('%s %s is %s', (method, route, group) => {
    expect(routeGroup(method, route)).toBe(group)
  })

  it.each([
    ['OPTIONS', '/api/v1/statuses'],
    ['GET', '/'],
    ['GET', '*'],
    ['GET', '/media/:a/:b/:name'],
    ['GET', '/hls/rooms/:id/:file'],
    ['GET', '/livez'],
    ['GET', '/metrics'],
    ['GET', '/api/v1/streaming/health'],
  ] as const)('%s %s is not counted', (method, route) => {
    expect(routeGroup(method, route)).toBe(null)
  })
})
