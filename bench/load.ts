// The load generator: autocannon on loopback with a bounded number of connections
// for a fixed time, rotating through many accounts' tokens.
import autocannon from 'autocannon'

export interface LoadResult {
  /** successful (2xx) responses per second */
  ok: number
  non2xx: number
  errors: number
  p50: number
  p99: number
  seconds: number
  /** the server's CPU time per successful request, in ms: steadier than rates on a busy machine */
  cpuMs: number | null
}

export interface LoadOptions {
  url: string
  path: string
  method?: 'GET' | 'POST'
  /** tokens to rotate through, one per request, round-robin; none for an unauthenticated route */
  tokens?: string[]
  /** a fresh body for each request */
  body?: (i: number) => string
  connections: number
  seconds: number
  /** the server's CPU seconds so far, to report CPU per request */
  cpu?: () => number
}

/** Runs one fixed-duration measurement and summarises it. */
export async function load(o: LoadOptions): Promise<LoadResult> {
  let n = 0
  const tokens = o.tokens ?? []
  const cpuBefore = o.cpu?.() ?? null
  const r = await autocannon({
    url: o.url,
    connections: o.connections,
    duration: o.seconds,
    pipelining: 1,
    timeout: 30,
    requests: [{
      method: o.method ?? 'GET',
      path: o.path,
      setupRequest: (req) => {
        const i = n++
        const headers: Record<string, string> = {}
        if (tokens.length) headers.authorization = `Bearer ${tokens[i % tokens.length]}`
        if (o.body) headers['content-type'] = 'application/json'
        return { ...req, headers, ...(o.body ? { body: o.body(i) } : {}) }
      },
    }],
  })
  const cpuMs = cpuBefore === null || r['2xx'] === 0 ? null : ((o.cpu!() - cpuBefore) * 1000) / r['2xx']
  return { ok: r['2xx'] / r.duration, non2xx: r.non2xx, errors: r.errors + r.timeouts, p50: r.latency.p50, p99: r.latency.p99, seconds: r.duration, cpuMs }
}
