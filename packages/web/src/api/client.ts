// The one way the app talks to the server: same-origin fetch with the bearer token,
// JSON in and out, errors as ApiError carrying the server's message and code.

/** A refused or failed request; `message` is the server's sentence, fit to show a person. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: Record<string, unknown>
  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message)
    this.status = status
    this.code = code
    this.details = details
  }
}

let token: string | null = null

/** Sets the access token sent with every request (null when signed out). */
export function setToken(t: string | null): void { token = t }
export function currentToken(): string | null { return token }

/** Called when the server says the token is no longer valid (revoked elsewhere, password changed). */
let onUnauthorized: () => void = () => {}
export function whenUnauthorized(fn: () => void): void { onUnauthorized = fn }

export interface Page<T> { items: T[]; next: string | null; prev: string | null }

type Query = Record<string, string | number | boolean | string[] | undefined | null>

function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue
    if (Array.isArray(v)) for (const x of v) q.append(`${k}[]`, x)
    else q.set(k, String(v))
  }
  const s = q.toString()
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path
}

/** The ApiError for a refused response's status and body text (also used by uploads, which use XHR). */
export function errorFrom(status: number, statusText: string, text: string): ApiError {
  let body: Record<string, unknown> = {}
  try { body = JSON.parse(text) } catch { /* not JSON: a proxy's page */ }
  const message = String(body.error_description ?? body.error ?? (statusText || 'Request failed'))
  const code = String(body.code ?? body.error ?? `http_${status}`)
  return new ApiError(status, code, message, body)
}

async function errorOf(res: Response): Promise<ApiError> {
  return errorFrom(res.status, res.statusText, await res.text().catch(() => ''))
}

async function send(method: string, path: string, body?: unknown, opts: { auth?: string | null; query?: Query } = {}): Promise<Response> {
  const auth = opts.auth === undefined ? token : opts.auth
  const headers: Record<string, string> = { accept: 'application/json' }
  if (auth) headers.authorization = `Bearer ${auth}`
  // FormData sets its own multipart content type (with the boundary).
  const form = body instanceof FormData
  if (body !== undefined && !form) headers['content-type'] = 'application/json'
  let res: Response
  try {
    res = await fetch(withQuery(path, opts.query), { method, headers, body: body === undefined ? undefined : form ? body : JSON.stringify(body) })
  } catch {
    throw new ApiError(0, 'network_error', 'network')
  }
  if (!res.ok) {
    const err = await errorOf(res)
    if (res.status === 401 && auth && auth === token) onUnauthorized()
    throw err
  }
  return res
}

async function json<T>(res: Response): Promise<T> {
  const text = await res.text()
  return (text ? JSON.parse(text) : {}) as T
}

/** Parses an RFC 8288 Link header into rel → URL. */
export function parseLink(header: string | null): Record<string, string> {
  const out: Record<string, string> = {}
  if (!header) return out
  for (const part of header.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part)
    if (m) out[m[2]] = m[1]
  }
  return out
}

export const api = {
  get: async <T>(path: string, query?: Query, auth?: string | null) => json<T>(await send('GET', path, undefined, { query, auth })),
  post: async <T>(path: string, body: unknown = {}, auth?: string | null) => json<T>(await send('POST', path, body, { auth })),
  /** `body` may be a FormData, sent as multipart/form-data (files). */
  patch: async <T>(path: string, body: unknown) => json<T>(await send('PATCH', path, body)),
  put: async <T>(path: string, body: unknown) => json<T>(await send('PUT', path, body)),
  del: async <T>(path: string) => json<T>(await send('DELETE', path)),
  /** A page of a paginated list; `next`/`prev` are the server's Link URLs (same origin), used as-is. */
  page: async <T>(pathOrUrl: string, query?: Query): Promise<Page<T>> => {
    const url = pathOrUrl.startsWith('http') ? new URL(pathOrUrl) : null
    const path = url ? url.pathname + url.search : pathOrUrl
    const res = await send('GET', path, undefined, { query })
    const links = parseLink(res.headers.get('link'))
    return { items: await json<T[]>(res), next: links.next ?? null, prev: links.prev ?? null }
  },
}
