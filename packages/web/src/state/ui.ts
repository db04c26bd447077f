// App-wide interface state: short messages (toasts), the compose dialog, the keyboard
// help and the image viewer. Kept outside React so keyboard shortcuts and actions can reach them.
import { noteReadOnly } from './read-only.ts'
import type { MediaAttachment, Status } from '../api/types.ts'
import { ApiError } from '../api/client.ts'
import { i18n } from '../i18n/index.ts'
import { createStore } from './store.ts'

export interface Toast { id: number; text: string; error?: boolean }
export const toasts = createStore<Toast[]>([])
let toastSeq = 0

/** Shows a short message in the live region for a few seconds. */
export function toast(text: string, error = false): void {
  const id = ++toastSeq
  toasts.set((t) => [...t.slice(-2), { id, text, error }])
  setTimeout(() => toasts.set((t) => t.filter((x) => x.id !== id)), error ? 8000 : 4000)
}

/** The sentence to show for a failed request: the server's own message when it gave one. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'network_error') return i18n().t('app.network')
    if (e.status === 429) return i18n().t('auth.rateLimited')
    // any write refused in read-only mode brings the banner up at once
    if (e.code === 'read_only') noteReadOnly(e.message)
    return e.message
  }
  return e instanceof Error ? e.message : String(e)
}

/** Shows a failure as an error toast. */
export function toastError(e: unknown): void { toast(errorText(e), true) }

export interface ComposeTarget { replyTo?: Status; quote?: Status; text?: string }
/** The compose dialog: null when closed. */
export const composer = createStore<ComposeTarget | null>(null)
export function openComposer(target: ComposeTarget = {}): void { composer.set(target) }

export const helpOpen = createStore(false)

/** The full-screen image viewer: a post's attachments and the one shown first; null when closed. */
export const lightbox = createStore<{ media: MediaAttachment[]; index: number } | null>(null)
export function openLightbox(media: MediaAttachment[], index: number): void { lightbox.set({ media, index }) }
