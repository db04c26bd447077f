// A graceful stop (SIGTERM during a rolling restart): readiness turns false at once so a
// load balancer sends new people elsewhere, and the long-lived streams are closed with a
// reconnect hint, because they would otherwise hold the process open until the grace ends.

/** The draining state of one server, shared by readiness and the streaming endpoints. */
export interface Shutdown {
  /** true once a graceful stop began: /readyz answers 503 */
  readonly draining: boolean
  /** Registers how to close one open stream; returns the function that forgets it (call it when the stream ends). */
  track(close: () => void): () => void
  /** Starts draining: marks not ready and closes every open stream. Idempotent. */
  begin(): void
}

/** WebSocket close code 1012, "Service Restart": the client should reconnect (RFC 6455 registry). */
export const SERVICE_RESTART = 1012

export function createShutdown(): Shutdown {
  let draining = false
  const open = new Set<() => void>()
  return {
    get draining() { return draining },
    track(close) {
      if (draining) { close(); return () => {} }
      open.add(close)
      return () => { open.delete(close) }
    },
    begin() {
      if (draining) return
      draining = true
      for (const close of [...open]) {
        open.delete(close)
        try { close() } catch { /* the stream is already gone */ }
      }
    },
  }
}
