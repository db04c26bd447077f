// Writes .br and .gz beside every compressible file of a built web app, so the server
// sends them without compressing anything per request (brotli at its best setting, which
// is too slow to do on the fly). Plain JavaScript: the build runs it on any Node.js.
import { readdirSync, readFileSync, statSync, writeFileSync, unlinkSync, existsSync } from 'node:fs'
import { extname, join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.json', '.map', '.webmanifest', '.txt', '.xml', '.svg', '.ico', '.ttf', '.otf', '.wasm'])
const MIN_BYTES = 256

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* files(path)
    else if (entry.isFile()) yield path
  }
}

/** Compresses every file under `dir` worth it; returns how many files got compressed forms. */
export function precompress(dir) {
  let count = 0
  for (const path of files(dir)) {
    // index.html is read by the server, which rewrites its head per page.
    if (path === join(dir, 'index.html') || !COMPRESSIBLE.has(extname(path).toLowerCase())) continue
    const raw = readFileSync(path)
    for (const [suffix, make] of [
      ['.gz', () => gzipSync(raw, { level: 9 })],
      ['.br', () => brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })],
    ]) {
      const target = path + suffix
      // A compressed form that is not smaller is useless; a stale one from an older build is wrong.
      const packed = raw.length >= MIN_BYTES ? make() : null
      if (packed && packed.length < raw.length) {
        writeFileSync(target, packed)
        if (suffix === '.gz') count++
      } else if (existsSync(target) && statSync(target).isFile()) unlinkSync(target)
    }
  }
  return count
}
