import { lookup } from 'node:dns/promises'
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import https from 'node:https'
import { isIP } from 'node:net'
import { isPublicAddress } from './address-policy.ts'

export type SafeFetchErrorCode =
  | 'url_refused' | 'address_refused' | 'too_many_redirects' | 'too_large' | 'timeout' | 'bad_status' | 'network'

/** A refused or failed outbound fetch; `code` says which guard stopped it. */
export class SafeFetchError extends Error {
  readonly code: SafeFetchErrorCode
  readonly status: number | undefined
  constructor(code: SafeFetchErrorCode, message: string, status?: number) {
    super(message)
    this.name = 'SafeFetchError'
    this.code = code
    this.status = status
  }
}

export type SafeFetchOptions = {
  timeoutMs?: number
  maxBytes?: number
  maxRedirects?: number
  accept?: string
  /** Sent as User-Agent, e.g. "Phare link preview (+https://example.social)". */
  userAgent?: string
  /**
   * The byte cap by content type, decided once the headers are in (overrides maxBytes). With
   * `truncate`, a longer body is cut there instead of refused: a page's metadata is at its top.
   */
  capFor?: (contentType: string) => { maxBytes: number; truncate?: boolean }
  /** Test-only: "host:port" entries (e.g. "127.0.0.1:4123", "[::1]:4123") that skip the address and port checks. */
  allowHosts?: readonly string[]
}

export type SafeFetchResult = {
  status: number
  finalUrl: string
  headers: IncomingHttpHeaders
  body: Buffer
  contentType: string
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])

/**
 * GETs a URL on the public internet on behalf of the server without letting the URL reach
 * anything internal: every hop's name is resolved here, every resolved address must be public,
 * and the connection goes to that checked address (so DNS rebinding cannot swap it in between).
 */
export async function safeFetch(url: string, options: SafeFetchOptions = {}): Promise<SafeFetchResult> {
  const { timeoutMs = 5000, maxBytes = 1_048_576, maxRedirects = 3 } = options
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), timeoutMs)
  try {
    let current = parseTarget(url)
    for (let hop = 0; ; hop++) {
      const address = await checkedAddress(current, options.allowHosts ?? [], abort.signal)
      const res = await request(current, address, options, abort.signal)
      if (REDIRECTS.has(res.statusCode ?? 0) && res.headers.location) {
        res.destroy()
        if (hop >= maxRedirects) throw new SafeFetchError('too_many_redirects', `More than ${maxRedirects} redirects`)
        current = parseTarget(res.headers.location, current)
        continue
      }
      const status = res.statusCode ?? 0
      if (status < 200 || status > 299) {
        res.destroy()
        throw new SafeFetchError('bad_status', `The page answered ${status}`, status)
      }
      const cap = options.capFor?.(res.headers['content-type'] ?? '') ?? { maxBytes }
      const body = await readCapped(res, cap.maxBytes, cap.truncate ?? false)
      return {
        status, finalUrl: current.href, headers: res.headers, body,
        contentType: res.headers['content-type'] ?? '',
      }
    }
  } catch (err) {
    if (err instanceof SafeFetchError && err.code !== 'network') throw err
    if (abort.signal.aborted) throw new SafeFetchError('timeout', `No complete answer within ${timeoutMs} ms`)
    if (err instanceof SafeFetchError) throw err
    throw new SafeFetchError('network', `Fetch failed: ${(err as Error).message}`)
  } finally {
    clearTimeout(timer)
    abort.abort()
  }
}

function parseTarget(raw: string, base?: URL): URL {
  let url: URL
  try {
    url = new URL(raw, base)
  } catch {
    throw new SafeFetchError('url_refused', 'Not a valid URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SafeFetchError('url_refused', `Scheme ${url.protocol} is not fetched`)
  if (url.username || url.password) throw new SafeFetchError('url_refused', 'URLs with credentials are not fetched')
  return url
}

function effectivePort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80
}

/** Resolves the URL's host and returns the one address to connect to, or throws when any is not public. */
async function checkedAddress(url: URL, allowHosts: readonly string[], signal: AbortSignal): Promise<{ address: string, family: number }> {
  const port = effectivePort(url)
  const allowListed = allowHosts.includes(`${url.hostname}:${port}`)
  // WHATWG URL has already turned 0x7f.1, 2130706433 and friends into dotted quads, and wraps IPv6 in [].
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname
  let addresses: Array<{ address: string, family: number }>
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }]
  } else {
    try {
      addresses = await raceAbort(lookup(host, { all: true, verbatim: true }), signal)
    } catch (err) {
      if (signal.aborted) throw err
      throw new SafeFetchError('address_refused', `Cannot resolve ${host}`)
    }
  }
  if (addresses.length === 0) throw new SafeFetchError('address_refused', `Cannot resolve ${host}`)
  if (!allowListed) {
    const bad = addresses.find((a) => !isPublicAddress(a.address))
    if (bad) throw new SafeFetchError('address_refused', `${host} resolves to a non-public address`)
    // Checked after the address so a refusal says why the target itself is off limits.
    if (port !== 80 && port !== 443) throw new SafeFetchError('url_refused', `Port ${port} is not fetched`)
  }
  return addresses[0]!
}

function request(url: URL, pinned: { address: string, family: number }, options: SafeFetchOptions, signal: AbortSignal): Promise<IncomingMessage> {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname
  const headers: Record<string, string> = {
    host: url.host,
    'accept-encoding': 'identity',
    connection: 'close',
  }
  if (options.accept) headers.accept = options.accept
  if (options.userAgent) headers['user-agent'] = options.userAgent
  const common = {
    // Connecting to the checked address itself (not the name) is what pins it.
    host: pinned.address,
    family: pinned.family,
    port: effectivePort(url),
    path: `${url.pathname}${url.search}`,
    method: 'GET',
    headers,
    agent: false as const,
    signal,
  }
  return new Promise((resolve, reject) => {
    const req = url.protocol === 'https:'
      // The certificate is still verified against the name in the URL, via SNI.
      ? https.request({ ...common, servername: isIP(host) ? undefined : host })
      : http.request(common)
    req.once('response', resolve)
    req.once('error', (err) => {
      reject(err instanceof SafeFetchError ? err : new SafeFetchError('network', `Fetch failed: ${err.message}`))
    })
    req.end()
  })
}

/** Reads the body, holding at most maxBytes + 1 bytes, and stops as soon as the cap is passed (refusing, or cutting when `truncate`). */
async function readCapped(res: IncomingMessage, maxBytes: number, truncate: boolean): Promise<Buffer> {
  const declared = Number(res.headers['content-length'])
  if (!truncate && Number.isFinite(declared) && declared > maxBytes) {
    res.destroy()
    throw new SafeFetchError('too_large', `The page is larger than ${maxBytes} bytes`)
  }
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of res as AsyncIterable<Buffer>) {
    const room = maxBytes + 1 - total
    chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk)
    total += Math.min(chunk.length, room)
    if (total > maxBytes) {
      res.destroy()
      if (truncate) return Buffer.concat(chunks, total).subarray(0, maxBytes)
      throw new SafeFetchError('too_large', `The page is larger than ${maxBytes} bytes`)
    }
  }
  return Buffer.concat(chunks, total)
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted'))
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'))
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
