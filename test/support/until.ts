// Waiting for a condition in tests that run on a busy shared machine: poll, never sleep a guess.

/** Polls `fn` until it gives a truthy value, which it returns; throws naming `what` after `ms`. */
export async function until<T>(what: string, fn: () => Promise<T | null | false | undefined>, ms = 30_000, everyMs = 100): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}
