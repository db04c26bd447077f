import { gcra, resultOf, type LimitStore, type RateItem, type RateResult } from './store.ts'

/** Options of the in-process store. */
export interface MemoryStoreOptions {
  /** keys held at most; beyond it the oldest are forgotten (forgiven) rather than the server running out of memory */
  maxKeys?: number
  /** how often expired keys are swept, in ms */
  sweepMs?: number
}

/** The in-process store: one arrival time per key, expired keys swept, memory bounded. */
export function memoryStore(options: MemoryStoreOptions = {}): LimitStore & { size(): number; sweep(now: number): void } {
  const maxKeys = options.maxKeys ?? 500_000
  const tats = new Map<string, number>()
  const sweep = (now: number) => { for (const [k, tat] of tats) if (tat <= now) tats.delete(k) }
  const timer = setInterval(() => sweep(Date.now()), options.sweepMs ?? 30_000)
  timer.unref()

  return {
    hit(items: RateItem[], now: number): RateResult[] {
      let refused = false
      const steps = new Array<ReturnType<typeof gcra>>(items.length)
      for (let i = 0; i < items.length; i++) {
        const it = items[i]!
        const s = gcra(tats.get(it.key), it.limit, it.periodMs, now)
        steps[i] = s
        if (!s.allowed && !it.shadow) refused = true
      }
      const out = new Array<RateResult>(items.length)
      for (let i = 0; i < items.length; i++) {
        const it = items[i]!
        const s = steps[i]!
        if (refused || !s.allowed) { out[i] = resultOf(s.base, s.allowed, it.limit, it.periodMs, now); continue }
        tats.set(it.key, s.next)
        out[i] = resultOf(s.next, true, it.limit, it.periodMs, now)
      }
      // Over the bound, the oldest keys go first (forgiven): expired ones are swept on a timer, so these are rare.
      while (tats.size > maxKeys) tats.delete(tats.keys().next().value!)
      return out
    },
    async close() { clearInterval(timer); tats.clear() },
    size: () => tats.size,
    sweep,
  }
}
