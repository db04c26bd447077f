import type { FastifyInstance } from 'fastify'
import qs from 'qs'

/** A file part of a multipart form, read whole (the route's bodyLimit bounds it). */
export interface UploadedFile { filename: string; type: string; bytes: Buffer }

/** Field names that may carry a file: anything else sent as a file is ignored. */
const FILE_FIELDS = new Set(['file', 'thumbnail', 'avatar', 'header'])

/** True for a value the form parser made from a file part. */
export function isUploadedFile(v: unknown): v is UploadedFile {
  return typeof v === 'object' && v !== null && Buffer.isBuffer((v as UploadedFile).bytes)
}

/**
 * Parses multipart/form-data bodies into the same nested shape as urlencoded forms
 * (`fields_attributes[0][name]` → { fields_attributes: [{ name }] }), with file parts
 * as `UploadedFile`s. Mastodon clients (masto.js among them) send sign-up, profile edits
 * and uploads this way. What a file IS is decided later from its bytes, never from its
 * name or declared type.
 */
export function acceptFormData(scope: FastifyInstance): void {
  // A parser registered by the app wins: this scope then uses it.
  if (scope.hasContentTypeParser('multipart/form-data')) return
  scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (req, body, done) => {
    const parse = async () => {
      const form = await new Response(body as Buffer, { headers: { 'content-type': String(req.headers['content-type']) } }).formData()
      const pairs = new URLSearchParams()
      const files: [string, File][] = []
      for (const [k, v] of form) {
        if (typeof v === 'string') pairs.append(k, v)
        else if (FILE_FIELDS.has(k)) files.push([k, v])
      }
      const out = qs.parse(pairs.toString(), { arrayLimit: 100, parameterLimit: 200, depth: 3 }) as Record<string, unknown>
      for (const [k, f] of files) out[k] = { filename: f.name, type: f.type, bytes: Buffer.from(await f.arrayBuffer()) } satisfies UploadedFile
      return out
    }
    parse().then((out) => done(null, out), () => {
      const err = new Error('The multipart body is malformed') as Error & { statusCode: number }
      err.statusCode = 400
      done(err, undefined)
    })
  })
}
