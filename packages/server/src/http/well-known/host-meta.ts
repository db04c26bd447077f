import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.ts'
import { escapeHtml } from '../../views/html.ts'

/** GET /.well-known/host-meta — the XRD that points older software at WebFinger. */
export default function hostMeta(app: FastifyInstance, ctx: AppContext) {
  app.get('/.well-known/host-meta', async (_req, reply) => {
    const template = escapeHtml(`${ctx.config.publicUrl}/.well-known/webfinger?resource={uri}`)
    reply.header('content-type', 'application/xrd+xml; charset=utf-8').header('cache-control', 'max-age=259200, public')
    return `<?xml version="1.0" encoding="UTF-8"?>\n<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n  <Link rel="lrdd" template="${template}"/>\n</XRD>\n`
  })
}
