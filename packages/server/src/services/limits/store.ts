// Where rate-limit state lives: in this process by default, in Redis when several
// nodes must agree. The algorithm is GCRA (the generic cell rate algorithm, a token
// bucket written as one "theoretical arrival time" per key): one number per key, no
// per-request log, and the key expires exactly when its bucket is full again.

/** One policy's counter for one request. */
export interface RateItem {
  key: string
  /** requests allowed per period */
  limit: number
  periodMs: number
  /** counted and reported, never refuses */
  shadow: boolean
}

/** The state of one item after the decision. */
export interface RateResult {
  allowed: boolean
  /** requests still allowed now (never negative; 0 when this item refuses) */
  remaining: number
  /** ms until the quota is whole again */
  resetMs: number
  /** ms until one more request would be allowed (0 when allowed) */
  retryMs: number
}

/** A store checks and counts every policy of a request at once (one round trip for Redis). */
export interface LimitStore {
  /**
   * Nothing is counted when an enforced item refuses: a refused request costs the caller nothing elsewhere.
   * The in-process store answers synchronously, sparing every request a promise.
   */
  hit(items: RateItem[], now: number): RateResult[] | Promise<RateResult[]>
  close(): Promise<void>
}

// Floating-point slack: a request exactly on the boundary is allowed.
const EPS = 1e-6

/** GCRA for one item: whether a request at `now` conforms given the stored arrival time `tat`. */
export function gcra(tat: number | undefined, limit: number, periodMs: number, now: number) {
  const t = periodMs / limit
  const base = Math.max(tat ?? now, now)
  // The same test as `remaining >= 1` in resultOf, so a quota shown with one left always admits one more.
  const allowed = (periodMs - (base - now)) / t + EPS >= 1
  return { allowed, next: base + t, base, t }
}

/** The result of one item, counted (`tatAfter` is the new arrival time) or not (`tatAfter` is the old one). */
export function resultOf(tatAfter: number, allowed: boolean, limit: number, periodMs: number, now: number): RateResult {
  const t = periodMs / limit
  const ahead = Math.max(0, tatAfter - now)
  return {
    allowed,
    remaining: allowed ? Math.max(0, Math.min(limit, Math.floor((periodMs - ahead) / t + EPS))) : 0,
    resetMs: Math.ceil(ahead),
    retryMs: allowed ? 0 : Math.max(1, Math.ceil(ahead - (periodMs - t))),
  }
}
