import type { Logger } from 'pino'
import type { Config } from '../../config.ts'
import { createLimiter, type Limiter } from './engine.ts'
import { memoryStore } from './memory-store.ts'
import { redisStore } from './redis-store.ts'
import { planPolicies } from '../plans/plan.ts'

export type { Limiter } from './engine.ts'

/** The engine over the configured policies: counters in Redis when PHARE_REDIS_URL is set, in this process otherwise. */
export function createLimits(config: Config, log: Logger): Limiter {
  let lastError = 0
  const store = config.redisUrl
    ? redisStore(config.redisUrl, {
      onError: (err) => { if (Date.now() - lastError > 60_000) { lastError = Date.now(); log.error({ err: err.message }, 'rate-limit Redis unavailable: requests are let through') } },
    })
    : memoryStore()
  // The API plans' quotas are policies too, so a third-party request is still one store round trip.
  return createLimiter([...config.limits, ...planPolicies(config.plans)], store, { log })
}
