// Drafts survive a reload or a closed tab: one per context (a new post, a reply to
// a given post, a quote of a given post), in localStorage, removed when sent. Uploaded
// images are remembered by id (the files stay on the server until posted or expired).
import type { Visibility } from '../api/types.ts'

export interface PollDraft { options: string[]; expiresIn: number; multiple: boolean }
/** An accepted upload, found again by id when the draft is restored. */
export interface SavedMedia { id: string; description: string; focus: { x: number; y: number } }
export interface Draft { text: string; cw: string | null; visibility: Visibility; poll: PollDraft | null; media?: SavedMedia[]; savedAt: number }

const PREFIX = 'phare.draft:'
// Drafts older than this are stale conversations; dropping them keeps storage small.
const MAX_AGE_MS = 30 * 24 * 3600_000

/** The saved draft for a context, if any. */
export function loadDraft(key: string): Draft | null {
  try {
    const d = JSON.parse(localStorage.getItem(PREFIX + key) ?? 'null') as Draft | null
    if (!d || Date.now() - d.savedAt > MAX_AGE_MS) return null
    return d
  } catch { return null }
}

/** Saves (or, when empty, removes) the draft for a context. */
export function saveDraft(key: string, d: Omit<Draft, 'savedAt'>): void {
  const empty = d.text.trim() === '' && !d.cw && !d.poll?.options.some((o) => o.trim()) && !d.media?.length
  try {
    if (empty) localStorage.removeItem(PREFIX + key)
    else localStorage.setItem(PREFIX + key, JSON.stringify({ ...d, savedAt: Date.now() }))
  } catch { /* storage full or disabled: the draft lives only in memory */ }
}

export function clearDraft(key: string): void { localStorage.removeItem(PREFIX + key) }
