import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppContext } from '../../context.ts'
import { openSession, type StreamRequest } from '../../services/streaming/session.ts'
import { checkStream, streamViewer } from './viewer.ts'
import { eventStream } from '../event-stream.ts'

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
  const stream = eventStream(req, reply)
  const session = openSession(ctx, req.viewer, (e) => stream.send(e.event, e.payload))
  try { await session.subscribe(r) } catch (err) { session.close(); throw err }
  let untrack = () => {}
  stream.start(() => { untrack(); session.close() })
  // Ended when the server drains (after start: the headers must be out first); EventSource reconnects by itself.
  untrack = ctx.shutdown.track(() => stream.end())
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
