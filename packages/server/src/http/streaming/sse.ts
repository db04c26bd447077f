import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppContext } from '../../context.ts'
import { openSession, type StreamRequest } from '../../services/streaming/session.ts'
import { checkStream, streamViewer } from './viewer.ts'

// Proxies and browsers drop an idle event stream; a comment line keeps it open.
const HEARTBEAT_MS = 15_000

// Path → stream, as Mastodon's streaming server maps them.
const PATHS: Record<string, string> = {
  user: 'user',
  'user/notification': 'user:notification',
  public: 'public',
  'public/local': 'public:local',
  'public/remote': 'public:remote',
  hashtag: 'hashtag',
  'hashtag/local': 'hashtag:local',
  list: 'list',
  direct: 'direct',
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : null)

function requestFor(path: string) {
  return (req: FastifyRequest): StreamRequest => {
    const q = req.query as Record<string, unknown>
    const media = path.startsWith('public') && ['true', '1'].includes(String(q.only_media))
    return { stream: PATHS[path] + (media ? ':media' : ''), tag: str(q.tag), list: str(q.list) }
  }
}

async function serve(ctx: AppContext, r: StreamRequest, req: FastifyRequest, reply: FastifyReply) {
  const res = reply.raw
  const session = openSession(ctx, req.viewer, (e) => { res.write(`event: ${e.event}\ndata: ${e.payload}\n\n`) })
  try { await session.subscribe(r) } catch (err) { session.close(); throw err }
  reply.hijack()
  // Headers set by hooks (CORS) are kept: hijacking bypasses Fastify's reply.
  res.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  })
  res.write(':)\n\n')
  const heartbeat = setInterval(() => res.write(':thump\n\n'), HEARTBEAT_MS)
  req.raw.on('close', () => { clearInterval(heartbeat); session.close() })
}

/** GET /api/v1/streaming/{user,user/notification,public,public/local,public/remote,hashtag,hashtag/local,list,direct} as server-sent events. */
export default function sseStreams(app: FastifyInstance, ctx: AppContext) {
  for (const path of Object.keys(PATHS)) {
    const requestOf = requestFor(path)
    app.get(`/api/v1/streaming/${path}`, {
      preHandler: [streamViewer(ctx), checkStream(ctx, requestOf)],
    }, async (req, reply) => serve(ctx, requestOf(req), req, reply))
  }
}
