// Who is streaming. Besides the usual Authorization header and access_token query
// parameter, browsers cannot set headers on a WebSocket, so Mastodon clients pass
// the token as the WebSocket subprotocol (Sec-WebSocket-Protocol); `ws` echoes the
// first offered protocol back, which browsers require.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppContext } from '../../context.ts'
import { tokenOf } from '../auth.ts'
import { Unauthorized } from '../../errors.ts'
import { resolveStream, type StreamRequest } from '../../services/streaming/session.ts'

function protocolToken(req: FastifyRequest): string | null {
  const h = req.headers['sec-websocket-protocol']
  const first = (Array.isArray(h) ? h[0] : h)?.split(',')[0]?.trim()
  return first || null
}

/** A preHandler: sets req.viewer from any of the three token places (anonymous when none; 401 when invalid). */
export function streamViewer(ctx: AppContext) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const token = tokenOf(req) ?? protocolToken(req)
    if (!token) { req.viewer = null; return }
    const viewer = await ctx.auth.viewerFor(token)
    if (!viewer) throw Unauthorized()
    req.viewer = viewer
  }
}

/** A preHandler: refuses, before any upgrade or event stream starts, a stream the viewer may not open. */
export function checkStream(ctx: AppContext, requestOf: (req: FastifyRequest) => StreamRequest | null) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const r = requestOf(req)
    if (r) await resolveStream(ctx, req.viewer, r)
  }
}
