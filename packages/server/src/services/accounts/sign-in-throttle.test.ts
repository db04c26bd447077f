import { describe, expect, it } from 'vitest'
import { addressKey } from './sign-in-throttle.ts'

describe('addressKey', () => {
  it('keeps IPv4 addresses whole, also when written as IPv4-mapped IPv6', () => {
    expect(addressKey('203.0.113.7')).toBe('ip:203.0.113.7')
    expect(addressKey('::ffff:203.0.113.7')).toBe('ip:203.0.113.7')
  })

  it('groups IPv6 addresses by /64, however they are abbreviated', () => {
    const key = 'ip:2001:db8:1:2::/64'
    expect(addressKey('2001:db8:1:2::1')).toBe(key)
    expect(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe(key)
    expect(addressKey('2001:DB8:1:2:0:0:0:9')).toBe(key)
    expect(addressKey('2001:db8:1:3::1')).not.toBe(key)
    expect(addressKey('2001:db8::1')).toBe('ip:2001:db8:0:0::/64')
    expect(addressKey('::1')).toBe('ip:0:0:0:0::/64')
  })
})
