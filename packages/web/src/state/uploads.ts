// The images attached to a post being written, by draft key (the same keys as drafts.ts).
// Each upload starts as soon as the file is chosen; alt text and focus typed while it
// uploads are saved on the server once it is accepted. Kept outside React so closing
// and reopening the compose dialog keeps the uploads, and the draft remembers their ids.
import { ApiError } from '../api/client.ts'
import { getMedia, updateMedia, uploadMedia, type Focus } from '../api/media.ts'
import type { MediaAttachment } from '../api/types.ts'
import { i18n } from '../i18n/index.ts'
import type { SavedMedia } from './drafts.ts'
import { createStore, useStore } from './store.ts'
import { errorText } from './ui.ts'

export interface Upload {
  key: string
  name: string
  /** what the thumbnail shows: the local file (blob:) or, for a restored draft, the server's preview */
  preview: string | null
  progress: number
  state: 'uploading' | 'ready' | 'error'
  error: string | null
  media: MediaAttachment | null
  description: string
  focus: Focus
}

const lists = createStore<Record<string, Upload[]>>({})
const NONE: Upload[] = []
let seq = 0

interface Work { abort(): void; settled: Promise<void>; sent: { description: string; focus: Focus } }
const work = new Map<string, Work>()

function update(draftKey: string, key: string, p: Partial<Upload>): void {
  lists.set((all) => ({ ...all, [draftKey]: (all[draftKey] ?? NONE).map((u) => (u.key === key ? { ...u, ...p } : u)) }))
}
const find = (draftKey: string, key: string) => (lists.get()[draftKey] ?? NONE).find((u) => u.key === key)

/** The uploads of a draft, re-rendering as they progress. */
export function useUploads(draftKey: string): Upload[] {
  return useStore(lists, (all) => all[draftKey] ?? NONE)
}

/** Starts uploading files, as many as fit under `max`; returns how many did not fit. */
export function addFiles(draftKey: string, files: File[], max: number): number {
  const room = Math.max(0, max - (lists.get()[draftKey] ?? NONE).length)
  const taken = files.slice(0, room)
  for (const file of taken) {
    const key = `u${++seq}`
    const item: Upload = {
      key, name: file.name, preview: file.type.startsWith('image/') ? URL.createObjectURL(file) : null,
      progress: 0, state: 'uploading', error: null, media: null, description: '', focus: { x: 0, y: 0 },
    }
    lists.set((all) => ({ ...all, [draftKey]: [...(all[draftKey] ?? NONE), item] }))
    const h = uploadMedia(file, (progress) => update(draftKey, key, { progress }))
    const w: Work = { abort: h.abort, sent: { description: '', focus: { x: 0, y: 0 } }, settled: Promise.resolve() }
    w.settled = h.done.then(
      async (media) => { update(draftKey, key, { media, state: 'ready', progress: 1 }); await syncMeta(draftKey, key) },
      (e: unknown) => { if (!(e instanceof ApiError && e.code === 'aborted')) update(draftKey, key, { state: 'error', error: errorText(e) }) },
    )
    work.set(key, w)
  }
  return files.length - taken.length
}

/** Saves the alt text and focus on the server when they differ from what it has. */
async function syncMeta(draftKey: string, key: string): Promise<void> {
  const u = find(draftKey, key)
  const w = work.get(key)
  if (!u?.media || !w) return
  if (w.sent.description === u.description && w.sent.focus.x === u.focus.x && w.sent.focus.y === u.focus.y) return
  const sent = { description: u.description, focus: u.focus }
  const media = await updateMedia(u.media.id, u.description, u.focus)
  w.sent = sent
  update(draftKey, key, { media })
}

/** Changes an upload's alt text and focus point (saved at once when the upload is accepted). */
export async function setMeta(draftKey: string, key: string, description: string, focus: Focus): Promise<void> {
  update(draftKey, key, { description, focus })
  await syncMeta(draftKey, key)
}

/** Removes an upload (stopping it if it is still going). */
export function removeUpload(draftKey: string, key: string): void {
  const u = find(draftKey, key)
  work.get(key)?.abort()
  work.delete(key)
  if (u?.preview?.startsWith('blob:')) URL.revokeObjectURL(u.preview)
  lists.set((all) => ({ ...all, [draftKey]: (all[draftKey] ?? NONE).filter((x) => x.key !== key) }))
}

/** Forgets every upload of a draft (after the post was sent). */
export function clearUploads(draftKey: string): void {
  for (const u of lists.get()[draftKey] ?? NONE) {
    work.delete(u.key)
    if (u.preview?.startsWith('blob:')) URL.revokeObjectURL(u.preview)
  }
  lists.set((all) => ({ ...all, [draftKey]: NONE }))
}

/** Waits until every upload was accepted and its alt text saved; the media ids to send, in order. */
export async function whenReady(draftKey: string): Promise<string[]> {
  await Promise.all((lists.get()[draftKey] ?? NONE).map((u) => work.get(u.key)?.settled))
  const list = lists.get()[draftKey] ?? NONE
  if (list.some((u) => u.state !== 'ready')) throw new Error(i18n().t('compose.mediaFailed'))
  for (const u of list) await syncMeta(draftKey, u.key)
  return list.map((u) => u.media!.id)
}

/** What a draft remembers of its uploads (only accepted ones can be found again). */
export function savedMedia(list: Upload[]): SavedMedia[] {
  return list.filter((u) => u.state === 'ready' && u.media).map((u) => ({ id: u.media!.id, description: u.description, focus: u.focus }))
}

/** Polls a restored upload (bounded, with backoff) until the server has its preview. */
async function previewWhenProcessed(draftKey: string, key: string, id: string): Promise<void> {
  for (const wait of [500, 1000, 2000, 4000, 8000, 15_000, 30_000]) {
    await new Promise((r) => setTimeout(r, wait))
    if (!find(draftKey, key)) return
    const media = await getMedia(id).catch(() => null)
    const preview = media?.preview_url ?? media?.url
    if (media && preview) { update(draftKey, key, { media, preview }); return }
  }
}

/** Brings back a saved draft's uploads from the server (once per page: a reopened composer keeps what it has). */
export function restoreUploads(draftKey: string, saved: SavedMedia[] | undefined): void {
  if (!saved?.length || lists.get()[draftKey] !== undefined) return
  lists.set((all) => ({ ...all, [draftKey]: NONE }))
  for (const s of saved) {
    const key = `u${++seq}`
    const item: Upload = { key, name: '', preview: null, progress: 1, state: 'uploading', error: null, media: null, description: s.description, focus: s.focus }
    lists.set((all) => ({ ...all, [draftKey]: [...(all[draftKey] ?? NONE), item] }))
    const w: Work = { abort: () => {}, sent: { description: s.description, focus: s.focus }, settled: Promise.resolve() }
    w.settled = getMedia(s.id).then(
      (media) => {
        w.sent = { description: media.description ?? '', focus: { x: media.meta?.focus?.x ?? 0, y: media.meta?.focus?.y ?? 0 } }
        update(draftKey, key, { media, state: 'ready', preview: media.preview_url ?? media.url })
        // Still processing on the server: its picture comes when it is ready.
        if (!media.preview_url && !media.url) void previewWhenProcessed(draftKey, key, s.id)
      },
      // Gone (expired, or attached to another post): the draft simply no longer has it.
      () => { work.delete(key); lists.set((all) => ({ ...all, [draftKey]: (all[draftKey] ?? NONE).filter((x) => x.key !== key) })) },
    )
    work.set(key, w)
  }
}
