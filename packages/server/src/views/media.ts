// Attachments → Mastodon MediaAttachment JSON. While an image is processing its URLs are
// null (as Mastodon's asynchronous uploads); its size and focus are already known.
import type { MediaStore } from '../services/media/store.ts'
import type { MediaAttachmentsTable } from '../storage/schema.ts'

interface Size { width: number; height: number; size: string; aspect: number }

export interface MediaJson {
  id: string
  type: 'image' | 'unknown'
  url: string | null
  preview_url: string | null
  remote_url: null
  preview_remote_url: null
  text_url: null
  meta: { original?: Size; small?: Size; focus: { x: number; y: number } }
  description: string | null
  blurhash: string | null
}

const size = (width: number, height: number): Size => ({ width, height, size: `${width}x${height}`, aspect: height ? width / height : 1 })

/** One attachment as the API shows it. */
export function renderMedia(m: MediaAttachmentsTable, store: MediaStore): MediaJson {
  const ready = m.state === 'ready'
  return {
    id: String(m.id),
    type: m.state === 'failed' ? 'unknown' : m.type,
    url: ready && m.file_key ? store.urlOf(m.file_key) : null,
    preview_url: ready && m.small_key ? store.urlOf(m.small_key) : null,
    remote_url: null,
    preview_remote_url: null,
    text_url: null,
    meta: {
      // The delivered size once processed (Mastodon's "original" is the file at `url`).
      original: ready && m.file_width && m.file_height ? size(m.file_width, m.file_height) : size(m.original_width, m.original_height),
      ...(ready && m.small_width && m.small_height ? { small: size(m.small_width, m.small_height) } : {}),
      focus: { x: m.focus_x, y: m.focus_y },
    },
    description: m.description === '' ? null : m.description,
    blurhash: m.blurhash,
  }
}
