// Media uploads. Uploading uses XMLHttpRequest because fetch cannot report upload
// progress; the server answers 202 with `url: null` while it still processes the file,
// which is enough to attach it to a post.
import { ApiError, api, currentToken, errorFrom } from './client.ts'
import type { MediaAttachment } from './types.ts'

export interface Focus { x: number; y: number }

export interface UploadHandle {
  done: Promise<MediaAttachment>
  abort(): void
}

/** Uploads one file (POST /api/v2/media), reporting progress from 0 to 1. */
export function uploadMedia(file: File, onProgress: (fraction: number) => void, meta: { description?: string; focus?: Focus } = {}): UploadHandle {
  const xhr = new XMLHttpRequest()
  const done = new Promise<MediaAttachment>((resolve, reject) => {
    const form = new FormData()
    form.append('file', file, file.name || 'image')
    if (meta.description) form.append('description', meta.description)
    if (meta.focus) form.append('focus', focusParam(meta.focus))
    xhr.open('POST', '/api/v2/media')
    xhr.setRequestHeader('accept', 'application/json')
    const token = currentToken()
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`)
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total) }
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try { resolve(JSON.parse(xhr.responseText) as MediaAttachment) } catch { reject(new ApiError(xhr.status, 'bad_response', xhr.statusText)) }
      } else reject(errorFrom(xhr.status, xhr.statusText, xhr.responseText))
    }
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'network'))
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'aborted'))
    xhr.send(form)
  })
  return { done, abort: () => xhr.abort() }
}

/** The focus point as the API writes it: "x,y", each in -1..1. */
export const focusParam = (f: Focus) => `${f.x.toFixed(2)},${f.y.toFixed(2)}`

/** One of the signed-in person's uploads (206 while processing: still a MediaAttachment). */
export const getMedia = (id: string) => api.get<MediaAttachment>(`/api/v1/media/${id}`)

/** Saves an upload's description and focus point. */
export const updateMedia = (id: string, description: string, focus: Focus) =>
  api.put<MediaAttachment>(`/api/v1/media/${id}`, { description, focus: focusParam(focus) })

/** The CSS object-position that keeps an image's focus point in view when it is cropped. */
export function objectPosition(m: Pick<MediaAttachment, 'meta'>): string | undefined {
  const f = m.meta?.focus
  if (!f || f.x === null || f.y === null || (f.x === 0 && f.y === 0)) return undefined
  return `${((f.x + 1) / 2) * 100}% ${((1 - f.y) / 2) * 100}%`
}

/** The image's width / height, from the server's metadata (1 when unknown). */
export function aspectOf(m: Pick<MediaAttachment, 'meta'>): number {
  const o = m.meta?.small ?? m.meta?.original
  const a = o?.aspect ?? (o?.width && o?.height ? o.width / o.height : 0)
  return a > 0 && Number.isFinite(a) ? a : 1
}
