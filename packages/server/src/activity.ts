// Whether this process is serving requests right now, for work that should give way
// to them (background jobs). One timestamp per request: nothing to leak when a request
// is aborted, nothing to count down.
import { performance } from 'node:perf_hooks'

/** A request within this many milliseconds means "busy". */
const RECENT_MS = 50

export interface Activity {
  /** Called as each request arrives. */
  noteRequest(): void
  busy(): boolean
}

export function createActivity(): Activity {
  let last = -Infinity
  return {
    noteRequest() { last = performance.now() },
    busy: () => performance.now() - last < RECENT_MS,
  }
}
