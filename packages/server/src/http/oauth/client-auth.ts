import type { FastifyRequest } from 'fastify'

/**
 * RFC 6749 §2.3.1: a client may send its credentials in an HTTP Basic header instead
 * of the body. Returns the body with them filled in; values in the body win. A header
 * that does not decode is ignored, so the client is refused as unknown, not with a 500.
 */
export function withBasicClientCredentials<B extends { client_id?: string; client_secret?: string }>(req: FastifyRequest, body: B): B {
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')
  const out = { ...body }
  if (!basic) return out
  try {
    const decoded = Buffer.from(basic[1], 'base64').toString()
    const colon = decoded.indexOf(':')
    if (colon < 0) return out
    out.client_id ??= decodeURIComponent(decoded.slice(0, colon))
    out.client_secret ??= decodeURIComponent(decoded.slice(colon + 1))
  } catch {
    return out
  }
  return out
}
