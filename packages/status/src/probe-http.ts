// HTTP for probes: every failure is classified, because "the app is down" and "this
// machine has no network" must never be confused on a status page.
import { connect } from 'node:net'

/**
 * Why a step failed: `down` the target refused, reset or did not answer (the app's fault);
 * `offline` there is no route from here (this machine's fault, unless a control says otherwise);
 * `throttled` the target rate-limited the probe (we learnt nothing); `app` it answered wrongly;
 * `read_only` the target refuses writes on purpose and says so (Phare's read-only mode): degraded, not down.
 */
export type FailureKind = 'down' | 'offline' | 'throttled' | 'app' | 'read_only'

/** A failed probe step, with the kind of failure. */
export class ProbeError extends Error {
  readonly kind: FailureKind
  constructor(kind: FailureKind, message: string) {
    super(message)
    this.kind = kind
  }
}

const NO_ROUTE = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EAI_AGAIN', 'EADDRNOTAVAIL'])

/** Turns what fetch or a socket threw into a ProbeError. */
export function classify(e: unknown): ProbeError {
  if (e instanceof ProbeError) return e
  const err = e as { name?: string; message?: string; code?: string; cause?: { code?: string; message?: string } }
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return new ProbeError('down', 'no answer in time')
  const code = err?.cause?.code ?? err?.code
  if (code && NO_ROUTE.has(code)) return new ProbeError('offline', `no route to the target (${code})`)
  return new ProbeError('down', `${code ?? err?.message ?? 'network error'}`)
}

export interface Answer { status: number; json: any; text: string; bytes: Buffer; headers: Headers }

/** One request to the target; throws a ProbeError unless the answer's status is in `ok`. */
export async function call(base: string, method: string, path: string, o: {
  token?: string | null; json?: unknown; body?: FormData | string; headers?: Record<string, string>; timeoutMs?: number; ok?: number[]
} = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) }
  if (o.token) headers.authorization = `Bearer ${o.token}`
  let body = o.body
  if (o.json !== undefined) { headers['content-type'] = 'application/json'; body = JSON.stringify(o.json) }
  let res: Response
  let bytes: Buffer
  try {
    res = await fetch(new URL(path, base), { method, headers, body, signal: AbortSignal.timeout(o.timeoutMs ?? 10_000), redirect: 'manual' })
    bytes = Buffer.from(await res.arrayBuffer())
  } catch (e) { throw classify(e) }
  if (res.status === 429) throw new ProbeError('throttled', `${method} ${path}: rate-limited (429)`)
  if (res.status === 503) {
    let refusal: { code?: string; error?: string } | null = null
    try { refusal = JSON.parse(bytes.toString('utf8')) } catch { /* not Phare's JSON */ }
    if (refusal?.code === 'read_only') throw new ProbeError('read_only', `read-only: ${refusal.error ?? 'writes are refused'}`)
  }
  if (!(o.ok ?? [200]).includes(res.status)) {
    throw new ProbeError(res.status >= 500 && res.status !== 501 ? 'down' : 'app', `${method} ${path}: HTTP ${res.status} ${bytes.toString('utf8').slice(0, 120)}`)
  }
  const text = bytes.toString('utf8')
  let json: any = null
  if ((res.headers.get('content-type') ?? '').includes('json')) {
    try { json = JSON.parse(text) } catch { throw new ProbeError('app', `${method} ${path}: invalid JSON`) }
  }
  return { status: res.status, json, text, bytes, headers: res.headers }
}

/** Whether a TCP connection to "host:port" opens within `ms` (the control check). */
export function tcpReachable(hostPort: string, ms = 3000): Promise<boolean> {
  const m = /^\[?([^\]]+)\]?:(\d+)$/.exec(hostPort)
  if (!m) return Promise.resolve(false)
  return new Promise((resolve) => {
    const s = connect(Number(m[2]), m[1]!)
    const done = (ok: boolean) => { s.destroy(); resolve(ok) }
    s.setTimeout(ms, () => done(false))
    s.once('connect', () => done(true))
    s.once('error', () => done(false))
  })
}
