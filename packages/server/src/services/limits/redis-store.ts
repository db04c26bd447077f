// The Redis store: the same GCRA as memory-store.ts, in one Lua script that checks and
// counts every policy of a request at once, so a request costs one round trip.
import { Redis } from 'ioredis'
import type { LimitStore, RateItem, RateResult } from './store.ts'

// KEYS: one per item. ARGV[1]: now (ms); then per item: period (ms), limit, shadow (1/0).
// Returns per item: allowed (1/0), remaining, reset ms, retry ms. Arrival times are kept
// with a millisecond fraction, and each key expires when its bucket is full again.
const SCRIPT = `
local now = tonumber(ARGV[1])
local n = #KEYS
local steps = {}
local refused = false
for i = 1, n do
  local period = tonumber(ARGV[i * 3 - 1])
  local limit = tonumber(ARGV[i * 3])
  local shadow = ARGV[i * 3 + 1] == '1'
  local t = period / limit
  local tat = tonumber(redis.call('GET', KEYS[i]) or now) or now
  if tat < now then tat = now end
  local ok = (period - (tat - now)) / t + 0.000001 >= 1
  if not ok and not shadow then refused = true end
  steps[i] = { ok, tat, t, period, limit }
end
local out = {}
for i = 1, n do
  local ok, tat, t, period, limit = steps[i][1], steps[i][2], steps[i][3], steps[i][4], steps[i][5]
  if ok and not refused then
    tat = tat + t
    redis.call('SET', KEYS[i], string.format('%.3f', tat), 'PX', math.ceil(tat - now) + 1000)
  end
  local ahead = tat - now
  local remaining = 0
  local retry = 0
  if ok then
    remaining = math.floor((period - ahead) / t + 0.000001)
    if remaining > limit then remaining = limit end
    if remaining < 0 then remaining = 0 end
  else
    retry = math.ceil(ahead - (period - t))
    if retry < 1 then retry = 1 end
  end
  out[#out + 1] = ok and 1 or 0
  out[#out + 1] = remaining
  out[#out + 1] = math.ceil(ahead)
  out[#out + 1] = retry
end
return out
`

type WithLimits = Redis & { phareLimits(n: number, ...args: (string | number)[]): Promise<number[]> }

/** A store in Redis at `url`; keys are prefixed with `prefix`. */
export function redisStore(url: string, options: { prefix?: string; onError?: (err: Error) => void } = {}): LimitStore & { redis: Redis } {
  // A limit must never take the site down: a slow Redis times out and a lost one fails at once (below);
  // the engine then lets requests through. Only while first connecting do commands wait in a queue.
  const redis = new Redis(url, { enableOfflineQueue: true, maxRetriesPerRequest: 1, commandTimeout: 250 })
  redis.on('error', (err: Error) => options.onError?.(err))
  redis.defineCommand('phareLimits', { lua: SCRIPT })
  const prefix = options.prefix ?? 'phare:rl:'
  return {
    redis,
    async hit(items: RateItem[], now: number): Promise<RateResult[]> {
      if (items.length === 0) return []
      if (redis.status === 'reconnecting' || redis.status === 'close' || redis.status === 'end') throw new Error(`Redis is ${redis.status}`)
      const args: (string | number)[] = [...items.map((it) => prefix + it.key), now]
      for (const it of items) args.push(it.periodMs, it.limit, it.shadow ? 1 : 0)
      const raw = await (redis as WithLimits).phareLimits(items.length, ...args)
      return items.map((_, i) => ({ allowed: raw[i * 4] === 1, remaining: raw[i * 4 + 1]!, resetMs: raw[i * 4 + 2]!, retryMs: raw[i * 4 + 3]! }))
    },
    async close() { redis.disconnect() },
  }
}
