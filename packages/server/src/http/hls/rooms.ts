// The audio of live rooms for listeners (LL-HLS): playlists and their immutable parts,
// shaped for a CDN or nginx in front (deploy/nginx/rooms.conf). Errors are never cached.
import type { FastifyInstance, FastifyReply } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../context.ts'
import { broadcastFile, broadcastPlaylist, type HlsAnswer } from '../../services/rooms/listen.ts'

const PlaylistParams = Type.Object({ id: Type.String({ maxLength: 30 }), name: Type.String({ maxLength: 80 }) })
const FileParams = Type.Object({ id: Type.String({ maxLength: 30 }), dir: Type.String({ maxLength: 80 }), file: Type.String({ maxLength: 40 }) })
const Query = Type.Object({ _HLS_msn: Type.Optional(Type.String({ maxLength: 12 })), _HLS_part: Type.Optional(Type.String({ maxLength: 12 })) })

function answer(reply: FastifyReply, a: HlsAnswer) {
  // Players on another origin (the app behind a CDN host) may read public audio.
  reply.header('access-control-allow-origin', '*')
  if (a.kind === 'wait') {
    return reply.code(503).header('retry-after', String(a.retryAfterS)).header('cache-control', 'no-store')
      .send({ error: `Please wait: ${a.why}`, code: 'room_audio_wait', retry_after: a.retryAfterS })
  }
  return reply.header('cache-control', a.cache).header('content-type', a.type).header('x-content-type-options', 'nosniff').send(a.body)
}

/** GET /hls/rooms/:id/b<broadcast>.m3u8 and /hls/rooms/:id/b<broadcast>/<file>. */
export default function roomsHls(app: FastifyInstance, ctx: AppContext) {
  const noStoreOnError = async (_req: unknown, reply: FastifyReply, payload: unknown) => {
    if (reply.statusCode >= 400) reply.header('cache-control', 'no-store').header('access-control-allow-origin', '*')
    return payload
  }
  app.get<{ Params: typeof PlaylistParams.static; Querystring: typeof Query.static }>('/hls/rooms/:id/:name', {
    schema: { params: PlaylistParams, querystring: Query },
    onSend: noStoreOnError,
  }, async (req, reply) => answer(reply, await broadcastPlaylist(ctx, req.params.id, req.params.name, req.query)))

  app.get<{ Params: typeof FileParams.static }>('/hls/rooms/:id/:dir/:file', {
    schema: { params: FileParams },
    onSend: noStoreOnError,
  }, async (req, reply) => answer(reply, await broadcastFile(ctx, req.params.id, req.params.dir, req.params.file)))
}
