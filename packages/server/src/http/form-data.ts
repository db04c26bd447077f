import type { FastifyInstance } from 'fastify'
import qs from 'qs'

/**
 * Parses multipart/form-data bodies of text fields into the same nested shape as
 * urlencoded forms (`fields_attributes[0][name]` → { fields_attributes: [{ name }] }).
 * Mastodon clients (masto.js among them) send sign-up and profile edits this way.
 * File parts are left out: images are handled by the media endpoints.
 */
export function acceptFormData(scope: FastifyInstance): void {
  // A parser registered by the app (e.g. for uploads) wins: this scope then uses it.
  if (scope.hasContentTypeParser('multipart/form-data')) return
  scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (req, body, done) => {
    new Response(body as Buffer, { headers: { 'content-type': String(req.headers['content-type']) } }).formData().then((form) => {
      const pairs = new URLSearchParams()
      for (const [k, v] of form) if (typeof v === 'string') pairs.append(k, v)
      done(null, qs.parse(pairs.toString(), { arrayLimit: 100, parameterLimit: 200, depth: 3 }))
    }, () => {
      const err = new Error('The multipart body is malformed') as Error & { statusCode: number }
      err.statusCode = 400
      done(err, undefined)
    })
  })
}
