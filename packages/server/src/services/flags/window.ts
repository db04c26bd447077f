// Each flag's cohorts' outcomes over a sliding window, in this process's memory: a ring of
// time slots holding request and 5xx counts and a latency histogram. Every node judges its own
// traffic (a load balancer spreads people evenly, so each node sees a fair sample); the first
// node that finds a flag failing rolls it back for all through the database.

/** Which side of a flag a request was on. */
export type Cohort = 'on' | 'off'

/** One cohort's figures over the window. */
export interface CohortFigures { requests: number; errors: number; errorRate: number; p99Ms: number | null }

const SLOTS = 10
// Latency buckets grow by 10%: p99 is known to within 10% from 1 ms to about 10 minutes.
const GROWTH = 1.1
const LAT_BUCKETS = 140

interface Slot { start: number; requests: number; errors: number; latency: Uint32Array }
interface Lifetime { requests: number; errors: number }

const latencyBucket = (ms: number) => Math.min(LAT_BUCKETS - 1, ms <= 1 ? 0 : Math.ceil(Math.log(ms) / Math.log(GROWTH)))

/** The sliding windows of every flag's two cohorts in this process. */
export function createCohortWindows(windowMs: number) {
  const slotMs = Math.max(100, Math.floor(windowMs / SLOTS))
  const rings = new Map<string, Record<Cohort, Slot[]>>()
  const lifetime = new Map<string, Record<Cohort, Lifetime>>()

  const slotFor = (ring: Slot[], now: number): Slot => {
    const start = now - (now % slotMs)
    const i = Math.floor(start / slotMs) % SLOTS
    let slot = ring[i]
    if (!slot || slot.start !== start) {
      slot = { start, requests: 0, errors: 0, latency: new Uint32Array(LAT_BUCKETS) }
      ring[i] = slot
    }
    return slot
  }

  return {
    /** Counts one request's outcome for a flag's cohort. */
    record(flagKey: string, cohort: Cohort, error: boolean, latencyMs: number, now = Date.now()): void {
      let r = rings.get(flagKey)
      if (!r) rings.set(flagKey, r = { on: [], off: [] })
      const slot = slotFor(r[cohort], now)
      slot.requests++
      if (error) slot.errors++
      slot.latency[latencyBucket(latencyMs)]++
      let l = lifetime.get(flagKey)
      if (!l) lifetime.set(flagKey, l = { on: { requests: 0, errors: 0 }, off: { requests: 0, errors: 0 } })
      l[cohort].requests++
      if (error) l[cohort].errors++
    },

    /** Both cohorts' figures over the last window. */
    figures(flagKey: string, now = Date.now()): Record<Cohort, CohortFigures> {
      const r = rings.get(flagKey)
      const one = (ring: Slot[] | undefined): CohortFigures => {
        let requests = 0, errors = 0
        const latency = new Uint32Array(LAT_BUCKETS)
        for (const s of ring ?? []) {
          // A slot is in the window while any of it is younger than the window (the oldest is partly out).
          if (!s || s.start <= now - windowMs - slotMs || s.start > now) continue
          requests += s.requests
          errors += s.errors
          for (let i = 0; i < LAT_BUCKETS; i++) latency[i] += s.latency[i]
        }
        let p99Ms: number | null = null
        if (requests > 0) {
          const rank = Math.ceil(requests * 0.99)
          let seen = 0
          for (let i = 0; i < LAT_BUCKETS; i++) {
            seen += latency[i]
            if (seen >= rank) { p99Ms = Math.round(GROWTH ** i * 10) / 10; break }
          }
        }
        return { requests, errors, errorRate: requests ? errors / requests : 0, p99Ms }
      }
      return { on: one(r?.on), off: one(r?.off) }
    },

    /** Forgets a flag's window: after a change of the flag, its old cohorts are no evidence about the new ones. */
    reset(flagKey: string): void { rings.delete(flagKey) },

    /** Requests and 5xx per flag and cohort since this process started (for /metrics). */
    lifetime(): ReadonlyMap<string, Record<Cohort, Lifetime>> { return lifetime },

    /** The flags that have a window. */
    keys(): string[] { return [...rings.keys()] },
  }
}

export type CohortWindows = ReturnType<typeof createCohortWindows>
