import type { FastifyReply } from 'fastify'

/** Sends a server-rendered page with headers that keep it out of caches and frames. */
export function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    // The consent button must not be clickable through someone else's invisible frame.
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
    .header('referrer-policy', 'same-origin')
    .header('x-content-type-options', 'nosniff')
    .send(html)
}
