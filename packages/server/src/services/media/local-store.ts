// The default media store: files under PHARE_DATA_DIR/media, served by Phare itself
// (http/media/files.ts) with immutable cache headers.
import { mkdir, rename, rm, writeFile, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { isContentKey, type MediaStore } from './store.ts'

/** Files in `dir`, public at `${publicUrl()}/media/<key>` (read at each use: tests learn their port late). */
export function localMediaStore(dir: string, publicUrl: () => string): MediaStore {
  const pathOf = (key: string) => {
    if (!isContentKey(key)) throw new Error(`not a media key: ${key}`)
    return join(dir, key)
  }
  return {
    async put(key, bytes) {
      const path = pathOf(key)
      // Same key, same bytes: a file already there is already right.
      if (await stat(path).then((s) => s.size === bytes.length, () => false)) return
      await mkdir(dirname(path), { recursive: true })
      // Written aside then renamed, so a reader never sees half a file, even after a crash.
      const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`
      await writeFile(tmp, bytes, { flush: true })
      await rename(tmp, path)
    },
    async delete(key) {
      await rm(pathOf(key), { force: true })
    },
    urlOf: (key) => `${publicUrl()}/media/${key}`,
    localPath: (key) => (isContentKey(key) ? join(dir, key) : null),
  }
}
