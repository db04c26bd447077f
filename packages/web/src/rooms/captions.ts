// Captions made by the browser's own speech recognition (Chrome, Edge, Safari), where
// it exists: each final result is sent to the room, which shows it to everyone.
import { rooms } from '../api/rooms.ts'

interface Recognition {
  lang: string
  continuous: boolean
  interimResults: boolean
  onresult: ((e: { resultIndex: number; results: ArrayLike<{ isFinal: boolean; 0: { transcript: string } }> }) => void) | null
  onend: (() => void) | null
  onerror: ((e: { error: string }) => void) | null
  start(): void
  stop(): void
}
type RecognitionCtor = new () => Recognition

function ctor(): RecognitionCtor | null {
  const w = window as unknown as { SpeechRecognition?: RecognitionCtor; webkitSpeechRecognition?: RecognitionCtor }
  return w.SpeechRecognition ?? w.webkitSpeechRecognition ?? null
}

/** Whether this browser can make captions. */
export const captionsSupported = (): boolean => ctor() !== null

/** Starts captioning the microphone in `lang`; returns the function that stops it. */
export function startCaptions(roomId: string, lang: string, onError: (e: string) => void): () => void {
  const Ctor = ctor()
  if (!Ctor) return () => {}
  let stopped = false
  const rec = new Ctor()
  rec.lang = lang
  rec.continuous = true
  rec.interimResults = false
  rec.onresult = (e) => {
    for (let n = e.resultIndex; n < e.results.length; n++) {
      const r = e.results[n]
      const text = r[0].transcript.trim()
      if (r.isFinal && text) void rooms.caption(roomId, text.slice(0, 500)).catch(() => {})
    }
  }
  rec.onerror = (e) => { if (e.error === 'not-allowed' || e.error === 'service-not-allowed') { stopped = true; onError(e.error) } }
  // Recognition stops by itself after a silence: keep it going until told.
  rec.onend = () => { if (!stopped) { try { rec.start() } catch { /* already started */ } } }
  try { rec.start() } catch { /* already started */ }
  return () => { stopped = true; rec.stop() }
}
