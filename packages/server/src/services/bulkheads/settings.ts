// The bulkheads' settings: for each part of Phare that can fail on its own (media, link
// previews, rooms, search, streaming, notifications), how much it may do at once, how
// long one call may take and when its circuit breaker opens. PHARE_BULKHEADS overrides them.
import { availableParallelism } from 'node:os'

export const PARTS = ['media', 'previews', 'rooms', 'search', 'streaming', 'notifications'] as const
export type Part = typeof PARTS[number]

export interface PartSettings {
  /** calls (or, for streaming, connections) at once in this process */
  concurrency: number
  /** a call taking longer answers 503 part_unavailable and counts as a failure; 0 for held connections */
  timeout_ms: number
  /** consecutive failures that open the breaker */
  failures: number
  /** how long an open breaker refuses before one trial call */
  cooldown_ms: number
  /** the part's background jobs (its queue lane), when it has some */
  job_concurrency: number
  job_timeout_ms: number
}

const FIELDS = ['concurrency', 'timeout_ms', 'failures', 'cooldown_ms', 'job_concurrency', 'job_timeout_ms'] as const

/** The defaults: generous for what a person does, tight enough that a broken part cannot hold the process. */
export function defaultBulkheads(): Record<Part, PartSettings> {
  // Image work takes a core each: one core is always left to the requests (bench:uploads on 2
  // cores: home reads p95 26 ms while 12-MP photos are processed one at a time, 43 ms two at a time).
  const imageWorkers = Math.min(4, Math.max(1, availableParallelism() - 1))
  return {
    media: { concurrency: 16, timeout_ms: 30_000, failures: 5, cooldown_ms: 30_000, job_concurrency: imageWorkers, job_timeout_ms: 60_000 },
    previews: { concurrency: 4, timeout_ms: 20_000, failures: 10, cooldown_ms: 60_000, job_concurrency: 4, job_timeout_ms: 20_000 },
    rooms: { concurrency: 64, timeout_ms: 10_000, failures: 10, cooldown_ms: 30_000, job_concurrency: 0, job_timeout_ms: 0 },
    search: { concurrency: 16, timeout_ms: 5_000, failures: 5, cooldown_ms: 30_000, job_concurrency: 0, job_timeout_ms: 0 },
    streaming: { concurrency: 20_000, timeout_ms: 0, failures: 10, cooldown_ms: 15_000, job_concurrency: 0, job_timeout_ms: 0 },
    notifications: { concurrency: 32, timeout_ms: 10_000, failures: 5, cooldown_ms: 30_000, job_concurrency: 8, job_timeout_ms: 30_000 },
  }
}

/** Validates PHARE_BULKHEADS ("part.field=value,…") and returns it unchanged; throws naming the bad entry. */
export function bulkheadSpec(raw: string, key: string): string {
  parseBulkheads(raw, key)
  return raw
}

/** The defaults with the overrides of `spec` applied. */
export function parseBulkheads(spec: string, key = 'PHARE_BULKHEADS'): Record<Part, PartSettings> {
  const out = defaultBulkheads()
  for (const entry of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z]+)\.([a-z_]+)=(\d+)$/.exec(entry)
    if (!m) throw new Error(`${key} entries must be part.field=number (e.g. search.concurrency=8), got "${entry}"`)
    const [, part, field, value] = m as unknown as [string, Part, typeof FIELDS[number], string]
    if (!PARTS.includes(part)) throw new Error(`${key}: unknown part "${part}" in "${entry}"; parts are ${PARTS.join(', ')}`)
    if (!FIELDS.includes(field)) throw new Error(`${key}: unknown field "${field}" in "${entry}"; fields are ${FIELDS.join(', ')}`)
    const n = Number(value)
    const min = field === 'timeout_ms' || field === 'job_timeout_ms' ? 100 : 1
    if (n < min || n > 10_000_000) throw new Error(`${key}: ${part}.${field} must be between ${min} and 10000000, got ${n}`)
    out[part][field] = n
  }
  return out
}
