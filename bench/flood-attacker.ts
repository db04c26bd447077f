// The attacker of bench/flood.ts, in its own process so that it does not share the
// people's thread: anonymous, expensive requests as fast as the server answers, each
// from a different address of a botnet (X-Forwarded-For, believed from loopback).
//   node bench/flood-attacker.ts URL SECONDS CONNECTIONS   → one line of JSON on stdout
import autocannon from 'autocannon'

const [url, seconds, connections] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])]
const PATHS = [
  '/api/v1/timelines/public?limit=40',
  '/api/v2/search?q=bench&resolve=false',
  '/api/v1/timelines/tag/bench?limit=40',
  '/api/v1/timelines/public?local=true&limit=40',
  '/api/v1/accounts/lookup?acct=person1',
  '/@person2',
]
let n = 0
const r = await autocannon({
  url, connections, duration: seconds, pipelining: 1, timeout: 10,
  requests: [{
    setupRequest: (req) => {
      const i = n++
      const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${(i & 255) || 1}`
      const path = PATHS[i % PATHS.length]!
      return { ...req, path, headers: { 'x-forwarded-for': ip, accept: path.startsWith('/@') ? 'text/html' : 'application/json' } }
    },
  }],
})
const statuses: Record<string, number> = {}
for (const [k, v] of Object.entries((r as unknown as { statusCodeStats?: Record<string, unknown> }).statusCodeStats ?? {})) statuses[k] = (v as { count: number }).count
process.stdout.write(JSON.stringify({ requests: r.requests.total, ok: r['2xx'], non2xx: r.non2xx, errors: r.errors + r.timeouts, statuses, seconds: r.duration }) + '\n')
