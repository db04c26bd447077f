// Whether the server refuses writes now (read-only mode: a full disk, a database that refuses
// writes, or an admin's maintenance), from GET /api/v1/phare/read_only. Looked at every half
// minute, and at once when a write was refused with read_only, so the banner appears with the refusal.
import { createStore } from './store.ts'

export interface ReadOnlyState { read_only: boolean; reason: string | null; message: string | null }

export const readOnly = createStore<ReadOnlyState>({ read_only: false, reason: null, message: null })

const EVERY_MS = 30_000
let timer: ReturnType<typeof setTimeout> | undefined
let watching = 0

/** Asks the server now (a failure to reach it changes nothing). */
export async function refreshReadOnly(): Promise<void> {
  try {
    const r = await fetch('/api/v1/phare/read_only', { signal: AbortSignal.timeout(5000) })
    if (!r.ok) return
    const s = (await r.json()) as ReadOnlyState
    readOnly.set((prev) => (prev.read_only === s.read_only && prev.message === s.message ? prev : { read_only: s.read_only, reason: s.reason, message: s.message }))
  } catch { /* the banner keeps what it knew */ }
}

/** A write was refused with read_only: show it at once, and look again sooner. */
export function noteReadOnly(message: string): void {
  readOnly.set((prev) => (prev.read_only && prev.message === message ? prev : { read_only: true, reason: prev.reason, message }))
}

/** Starts the periodic check while a banner is shown; returns its stop. */
export function watchReadOnly(): () => void {
  watching++
  const tick = async () => {
    await refreshReadOnly()
    // while read-only, look more often: the banner should go as soon as writes work again
    if (watching > 0) timer = setTimeout(() => void tick(), readOnly.get().read_only ? 5000 : EVERY_MS)
  }
  if (watching === 1) void tick()
  return () => { watching--; if (watching === 0) clearTimeout(timer) }
}
