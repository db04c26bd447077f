// Where processed media files live. Files are named by their content's SHA-256, so a URL
// never changes meaning: it can be cached forever by browsers, proxies and CDNs, and an
// internal change cannot make an old URL show something else or nothing.
import { createHash } from 'node:crypto'

/** A place for media files: the local data directory by default, S3-compatible storage for many machines. */
export interface MediaStore {
  /** Stores bytes under their key. Storing the same key twice is harmless (same content). */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>
  /** Removes a file; removing a missing one is not an error. */
  delete(key: string): Promise<void>
  /** The public URL of a key. */
  urlOf(key: string): string
  /** Local stores only: the file on disk that serves the key (null when absent or not local). */
  localPath?(key: string): string | null
  close?(): Promise<void>
}

const EXT_MIME: Record<string, string> = { webp: 'image/webp', jpg: 'image/jpeg', png: 'image/png', gif: 'image/gif', avif: 'image/avif' }

/** The key of some bytes: `ab/cd/<sha256>.<ext>`. */
export function contentKey(bytes: Buffer, ext: string): string {
  const hash = createHash('sha256').update(bytes).digest('hex')
  return `${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}.${ext}`
}

const KEY = /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}\.(webp|jpg|png|gif|avif)$/

/** Whether a string is a key this store made (paths from URLs are checked with it before touching the disk). */
export function isContentKey(key: string): boolean {
  return KEY.test(key) && key.slice(0, 2) === key.slice(6, 8) && key.slice(3, 5) === key.slice(8, 10)
}

/** The content type of a key, from its extension. */
export function mimeOfKey(key: string): string {
  return EXT_MIME[key.slice(key.lastIndexOf('.') + 1)] ?? 'application/octet-stream'
}
