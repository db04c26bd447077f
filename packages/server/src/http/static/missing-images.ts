import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.ts'
import { solidPng } from './png.ts'

// Made once per process: a few hundred bytes each, as Mastodon's missing.png.
const avatar = solidPng(400, 400, [0xd9, 0xe1, 0xe8])
const header = solidPng(1500, 500, [0xd9, 0xe1, 0xe8])

/** GET /avatars/original/missing.png and /headers/original/missing.png — the images of accounts without their own. */
export default function missingImages(app: FastifyInstance, _ctx: AppContext) {
  for (const [path, body] of [['/avatars/original/missing.png', avatar], ['/headers/original/missing.png', header]] as const) {
    app.get(path, async (_req, reply) => reply
      .header('content-type', 'image/png')
      // The image never changes: caches and CDNs may keep it for a year.
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(body))
  }
}
