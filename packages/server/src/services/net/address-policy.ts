import { BlockList, isIP } from 'node:net'

// Ranges a server-side fetch must never reach: everything that is not plain,
// globally routable unicast (RFC 6890 special-purpose registries, plus CGNAT and multicast).
const deniedV4 = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.31.196.0', 24], // AS112
  ['192.52.193.0', 24], // AMT
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['192.175.48.0', 24], // AS112 direct delegation
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, including 255.255.255.255 broadcast
] as const) deniedV4.addSubnet(net, prefix, 'ipv4')

// Inside 2000::/3 (the only global unicast block); everything outside it is refused before this list.
const deniedV6 = new BlockList()
for (const [net, prefix] of [
  ['2001::', 23], // IETF protocol assignments: Teredo, benchmarking, ORCHID
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation (RFC 9637)
] as const) deniedV6.addSubnet(net, prefix, 'ipv6')

/** True only for a globally routable unicast address that a server-side fetch may connect to. */
export function isPublicAddress(ip: string): boolean {
  const version = isIP(ip)
  if (version === 4) return isPublicV4(ip)
  // Zone ids only exist on link-local and other scoped addresses.
  if (version !== 6 || ip.includes('%')) return false
  const b = ipv6Bytes(ip)
  if (!b) return false
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0)
  const v4At = (i: number) => `${b[i]}.${b[i + 1]}.${b[i + 2]}.${b[i + 3]}`
  // ::ffff:a.b.c.d reaches the IPv4 host a.b.c.d: judge it as that host.
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return isPublicV4(v4At(12))
  // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d (nothing public uses them).
  if (zeros(0, 12)) return false
  // NAT64 well-known prefix 64:ff9b::/96 translates to the embedded IPv4 address.
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) return isPublicV4(v4At(12))
  // 6to4 2002:V4ADDR::/48 tunnels to the embedded IPv4 address.
  if (b[0] === 0x20 && b[1] === 0x02) return isPublicV4(v4At(2))
  if ((b[0]! & 0xe0) !== 0x20) return false // outside 2000::/3: ULA, link-local, multicast, 64:ff9b:1::/48 …
  return !deniedV6.check(ip, 'ipv6')
}

function isPublicV4(ip: string): boolean {
  return isIP(ip) === 4 && !deniedV4.check(ip, 'ipv4')
}

/** Parses a textual IPv6 address (already validated by isIP) into its 16 bytes. */
function ipv6Bytes(ip: string): number[] | null {
  let text = ip
  const lastColon = text.lastIndexOf(':')
  const last = text.slice(lastColon + 1)
  if (last.includes('.')) {
    // Rewrite a dotted IPv4 tail as its two hex words so one parser handles every form.
    if (isIP(last) !== 4) return null
    const [a, b, c, d] = last.split('.').map(Number) as [number, number, number, number]
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const halves = text.split('::')
  if (halves.length > 2) return null
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((h) => parseInt(h, 16)))
  const head = parse(halves[0]!)
  const rest = halves.length === 2 ? parse(halves[1]!) : []
  const missing = 8 - head.length - rest.length
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null
  const words = [...head, ...new Array<number>(missing).fill(0), ...rest]
  if (words.some((w) => Number.isNaN(w) || w < 0 || w > 0xffff)) return null
  return words.flatMap((w) => [w >> 8, w & 0xff])
}
