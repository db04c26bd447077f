// The built web app's files, served from memory with gzip and brotli. The build writes
// .br/.gz siblings (scripts/precompress.mjs); a file without them is compressed once, on
// first request, off the event loop. Hashed assets never change, so each file is read and
// compressed once per process (bounded by an LRU of 64 MB).
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { LRUCache } from 'lru-cache'

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8', '.json': 'application/json; charset=utf-8', '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8', '.txt': 'text/plain; charset=utf-8', '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.webp': 'image/webp', '.avif': 'image/avif', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.woff': 'font/woff',
  '.ttf': 'font/ttf', '.otf': 'font/otf', '.wasm': 'application/wasm', '.mp3': 'audio/mpeg', '.ogg': 'audio/ogg',
}
// Already-compressed formats gain nothing from another pass.
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.json', '.map', '.webmanifest', '.txt', '.xml', '.svg', '.ico', '.ttf', '.otf', '.wasm'])
const MIN_COMPRESS = 256

const gz = promisify(gzip)
const br = promisify(brotliCompress)

interface Entry { raw: Buffer; gzip: Buffer | null; br: Buffer | null; etag: string; type: string; mtimeMs: number; size: number }

/** One path segment a file may have: no leading dot (no `..`, no dotfiles), no separators. */
const SEGMENT = /^[A-Za-z0-9_@+~][A-Za-z0-9_@+~.,=-]*$/

/** True when `rel` (a/b/c.js) is a safe relative path of a file Phare may serve. */
export function isSafePath(rel: string): boolean {
  const parts = rel.split('/')
  return parts.length > 0 && parts.length <= 8 && parts.every((p) => SEGMENT.test(p))
}

/** The first acceptable of `offers` in an Accept-Encoding header (q=0 refuses), or null. */
export function pickEncoding(header: string | undefined, offers: string[]): string | null {
  if (!header) return null
  const q = new Map<string, number>()
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const value = qp ? Number(qp.slice(2)) : 1
    q.set(name.trim(), Number.isFinite(value) ? value : 0)
  }
  return offers.find((o) => (q.get(o) ?? q.get('*') ?? 0) > 0) ?? null
}

async function readOptional(path: string): Promise<Buffer | null> {
  try { return await readFile(path) } catch { return null }
}

async function load(path: string, mtimeMs: number, size: number): Promise<Entry> {
  const raw = await readFile(path)
  const ext = extname(path).toLowerCase()
  const squeeze = COMPRESSIBLE.has(ext) && raw.length >= MIN_COMPRESS
  let [gzipped, brotli] = squeeze ? await Promise.all([readOptional(`${path}.gz`), readOptional(`${path}.br`)]) : [null, null]
  if (squeeze) {
    gzipped ??= await gz(raw, { level: 9 })
    brotli ??= await br(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
  }
  return {
    raw, mtimeMs, size,
    gzip: gzipped && gzipped.length < raw.length ? gzipped : null,
    br: brotli && brotli.length < raw.length ? brotli : null,
    etag: `W/"${createHash('sha256').update(raw).digest('base64url').slice(0, 22)}"`,
    type: TYPES[ext] ?? 'application/octet-stream',
  }
}

/** Serves files under `root`; `serve` answers and returns true, or returns false when there is no such file. */
export function staticFiles(root: string) {
  // Sized by the file twice over: the raw bytes and their compressed forms.
  const cache = new LRUCache<string, Promise<Entry>>({ maxSize: 64 * 1024 * 1024, sizeCalculation: () => 1 })

  async function entry(path: string): Promise<Entry | null> {
    let st
    try { st = await stat(path) } catch { return null }
    if (!st.isFile()) return null
    const hit = cache.get(path)
    if (hit) {
      const e = await hit.catch(() => null)
      if (e && e.mtimeMs === st.mtimeMs && e.size === st.size) return e
    }
    const loading = load(path, st.mtimeMs, st.size)
    cache.set(path, loading, { size: Math.max(1, st.size * 2) })
    try { return await loading } catch { cache.delete(path); return null }
  }

  return {
    /** Sends `rel` (relative to root) with `cacheControl`; false when it is not a servable file. */
    async serve(req: FastifyRequest, reply: FastifyReply, rel: string, cacheControl: string): Promise<boolean> {
      if (!isSafePath(rel)) return false
      const e = await entry(join(root, rel))
      if (!e) return false
      reply.header('content-type', e.type).header('cache-control', cacheControl).header('etag', e.etag)
        .header('x-content-type-options', 'nosniff')
      if (e.gzip || e.br) {
        // Added to what is there: CORS already varies by Origin.
        const vary = reply.getHeader('vary')
        reply.header('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding')
      }
      const inm = req.headers['if-none-match']
      if (inm && inm.split(',').some((t) => t.trim() === e.etag || t.trim() === '*')) {
        reply.status(304).send()
        return true
      }
      const enc = pickEncoding(req.headers['accept-encoding'], [...(e.br ? ['br'] : []), ...(e.gzip ? ['gzip'] : [])])
      const body = enc === 'br' ? e.br! : enc === 'gzip' ? e.gzip! : e.raw
      if (enc) reply.header('content-encoding', enc)
      reply.send(body)
      return true
    },
  }
}
