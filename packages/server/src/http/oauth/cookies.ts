import type { FastifyReply, FastifyRequest } from 'fastify'

/** The browser cookies the OAuth pages use. */
export const SESSION_COOKIE = 'phare_session'
export const CSRF_COOKIE = 'phare_csrf'

/** Reads one cookie from the request (RFC 6265 syntax; no dependency needed for two cookies). */
export function readCookie(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue
    try { return decodeURIComponent(part.slice(eq + 1).trim()) } catch { return undefined }
  }
  return undefined
}

/** Sets an HttpOnly, SameSite=Lax cookie on the root path; Secure when the server is reached over https. */
export function setCookie(reply: FastifyReply, secure: boolean, name: string, value: string, maxAgeSeconds: number): void {
  const cookie = `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`
  const prev = reply.getHeader('set-cookie')
  reply.header('set-cookie', [...(Array.isArray(prev) ? prev : prev ? [String(prev)] : []), cookie])
}
