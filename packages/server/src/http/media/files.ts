// Media files of the local store. Their names are their content's hash, so a response is
// right forever: browsers, proxies and CDNs may keep it for a year without asking again.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.ts'
import { isContentKey, mimeOfKey } from '../../services/media/store.ts'

const IMMUTABLE = 'public, max-age=31536000, immutable'

/** GET /media/ab/cd/<sha256>.<ext>: a processed image. */
export default function files(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: { a: string; b: string; name: string } }>('/media/:a/:b/:name', async (req, reply) => {
    const key = `${req.params.a}/${req.params.b}/${req.params.name}`
    const path = isContentKey(key) ? ctx.media.localPath?.(key) ?? null : null
    const size = path ? await stat(path).then((s) => (s.isFile() ? s.size : null), () => null) : null
    if (path === null || size === null) {
      // Not cached: the file may be written a moment later (an image still being processed).
      return reply.code(404).header('cache-control', 'no-store').send({ error: 'Record not found', code: 'not_found' })
    }
    const etag = `"${req.params.name.slice(0, 64)}"`
    reply.header('cache-control', IMMUTABLE).header('etag', etag)
      .header('x-content-type-options', 'nosniff')
      // Whatever a file turned out to hold, it can never run as a page of this site.
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cross-origin-resource-policy', 'cross-origin')
    if (req.headers['if-none-match'] === etag) return reply.code(304).send()
    return reply.header('content-type', mimeOfKey(key)).header('content-length', size).send(createReadStream(path))
  })
}
