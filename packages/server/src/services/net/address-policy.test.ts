import { describe, expect, it } from 'vitest'
import { isPublicAddress } from './address-policy.ts'

const refused: Array<[string, string]> = [
  ['127.0.0.1', 'IPv4 loopback'],
  ['127.255.255.254', 'end of the loopback /8'],
  ['0.0.0.0', 'unspecified IPv4'],
  ['0.1.2.3', '"this network" 0/8'],
  ['10.0.0.1', 'private 10/8'],
  ['10.255.255.255', 'end of 10/8'],
  ['172.16.0.1', 'private 172.16/12'],
  ['172.31.255.255', 'end of 172.16/12'],
  ['192.168.1.1', 'private 192.168/16'],
  ['169.254.169.254', 'link-local cloud metadata'],
  ['100.64.0.1', 'CGNAT 100.64/10'],
  ['100.127.255.255', 'end of CGNAT'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'SSDP multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved 240/4'],
  ['192.0.0.8', 'IETF protocol assignments'],
  ['192.0.2.1', 'TEST-NET-1'],
  ['198.51.100.7', 'TEST-NET-2'],
  ['203.0.113.9', 'TEST-NET-3'],
  ['198.18.0.1', 'benchmarking'],
  ['192.88.99.1', '6to4 relay anycast'],
  ['::1', 'IPv6 loopback'],
  ['::', 'unspecified IPv6'],
  ['0:0:0:0:0:0:0:1', 'uncompressed loopback'],
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
  ['::ffff:7f00:1', 'IPv4-mapped loopback in hex'],
  ['::FFFF:10.0.0.1', 'IPv4-mapped private, upper case'],
  ['0:0:0:0:0:ffff:169.254.169.254', 'IPv4-mapped metadata, uncompressed'],
  ['::127.0.0.1', 'IPv4-compatible loopback'],
  ['::8.8.8.8', 'IPv4-compatible (deprecated) even for a public address'],
  ['64:ff9b::127.0.0.1', 'NAT64 of loopback'],
  ['64:ff9b::a00:1', 'NAT64 of 10.0.0.1 in hex'],
  ['64:ff9b:1::1', 'local-use NAT64 prefix'],
  ['2002:7f00:1::', '6to4 of loopback'],
  ['2002:c0a8:101::1', '6to4 of 192.168.1.1'],
  ['2002:a9fe:a9fe::', '6to4 of metadata'],
  ['fc00::1', 'unique local fc00::/7'],
  ['fd12:3456:789a::1', 'unique local fd'],
  ['fe80::1', 'link-local'],
  ['febf::1', 'end of fe80::/10'],
  ['fe80::1%eth0', 'link-local with a zone id'],
  ['fec0::1', 'deprecated site-local'],
  ['ff02::1', 'multicast'],
  ['ff05::1:3', 'site multicast'],
  ['100::1', 'discard-only'],
  ['2001:db8::1', 'documentation'],
  ['3fff::1', 'documentation (RFC 9637)'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
  ['2001:2::1', 'benchmarking'],
  ['', 'empty string'],
  ['localhost', 'a name, not an address'],
  ['0x7f.1', 'shorthand IPv4 (must be normalised before, never guessed)'],
  ['2130706433', 'decimal IPv4'],
  ['127.1', 'short dotted IPv4'],
  ['127.0.0.1.', 'trailing dot'],
  ['::ffff:127.0.0.1:80', 'address with a port'],
  ['[::1]', 'bracketed IPv6'],
]

const allowed: Array<[string, string]> = [
  ['8.8.8.8', 'public IPv4'],
  ['1.1.1.1', 'public IPv4'],
  ['93.184.215.14', 'public IPv4'],
  ['172.15.255.255', 'just below 172.16/12'],
  ['172.32.0.1', 'just above 172.16/12'],
  ['100.63.255.255', 'just below CGNAT'],
  ['100.128.0.1', 'just above CGNAT'],
  ['169.253.255.255', 'just below link-local'],
  ['223.255.255.255', 'just below multicast'],
  ['2606:4700:4700::1111', 'public IPv6'],
  ['2a00:1450:4007:80e::200e', 'public IPv6'],
  ['::ffff:8.8.8.8', 'IPv4-mapped public address'],
  ['64:ff9b::808:808', 'NAT64 of a public address'],
  ['2002:808:808::1', '6to4 of a public address'],
]

describe('isPublicAddress', () => {
  it.each(refused)('refuses %s (%s)', (ip) => {
    expect(isPublicAddress(ip)).toBe(false)
  })

  it.each(allowed)('allows %s (%s)', (ip) => {
    expect(isPublicAddress(ip)).toBe(true)
  })

  it('refuses every address of the private and loopback IPv4 blocks when mapped into IPv6', () => {
    for (const v4 of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.0.10', '169.254.0.1', '100.100.0.1', '0.0.0.0']) {
      expect(isPublicAddress(`::ffff:${v4}`), v4).toBe(false)
      expect(isPublicAddress(`64:ff9b::${v4}`), v4).toBe(false)
    }
  })
})
