// Hot home-feed heads in Redis sorted sets, shared by every node: a node that has not
// read a feed yet (it just started, or the reader came through another node) takes the
// head from Redis instead of PostgreSQL. The database stays the truth: a head is built
// from it on a miss, bounded to FEED_HEAD entries, and forgotten after a day unread.
//
// A fill must never undo a change (the same rule as keyed.ts, across nodes): every change
// to a feed bumps its generation in Redis, a reader takes the generation before reading
// the database, and its fill is refused when the generation moved meanwhile. New posts are
// added to the heads that exist (fan-out); any other change drops the head.
import { Redis } from 'ioredis'
import type { FeedHead } from './index.ts'

const TTL_S = 86_400

// KEYS: ids, meta, gen. ARGV: expected gen, complete (1/0), ttl, ids newest first.
const PUT = `
if (redis.call('GET', KEYS[3]) or '0') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
for i = 4, #ARGV do redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i]) end
if #ARGV >= 4 then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
return 1
`
// KEYS: per feed (ids, meta, gen). ARGV: max entries, gen ttl, then one status id per feed.
const ADD = `
local max = tonumber(ARGV[1])
for i = 1, #KEYS / 3 do
  local ids, meta, gen = KEYS[i * 3 - 2], KEYS[i * 3 - 1], KEYS[i * 3]
  local complete = redis.call('GET', meta)
  local id = ARGV[i + 2]
  local lowest = redis.call('ZRANGE', ids, 0, 0, 'WITHSCORES')[2]
  -- a head cut short holds a contiguous run of the newest entries: an older id would leave a gap
  if complete == '1' or (complete == '0' and lowest ~= nil and tonumber(id) > tonumber(lowest)) then
    redis.call('ZADD', ids, id, id)
    local n = redis.call('ZCARD', ids)
    if n > max then
      redis.call('ZREMRANGEBYRANK', ids, 0, n - max - 1)
      redis.call('SET', meta, '0', 'KEEPTTL')
    end
    redis.call('EXPIRE', ids, redis.call('TTL', meta))
  end
  redis.call('INCR', gen)
  redis.call('EXPIRE', gen, ARGV[2])
end
return 1
`
// KEYS: per feed (ids, meta, gen). ARGV: gen ttl.
const DROP = `
for i = 1, #KEYS / 3 do
  redis.call('DEL', KEYS[i * 3 - 2], KEYS[i * 3 - 1])
  redis.call('INCR', KEYS[i * 3])
  redis.call('EXPIRE', KEYS[i * 3], ARGV[1])
end
return 1
`

/** Feed heads shared through Redis. Every method may reject when Redis is unreachable: callers fall back to the database. */
export interface SharedFeeds {
  /** The head when Redis holds it, else null and the generation to hand to `put` after reading the database. */
  get(accountId: number): Promise<{ head: FeedHead } | { head: null; gen: string }>
  /** Stores a head read from the database; refused when the feed changed since `gen` was taken. */
  put(accountId: number, head: FeedHead, gen: string): Promise<boolean>
  /** After a commit: these posts entered these feeds (heads that exist get them, at most `max` kept). */
  add(entries: { accountId: number; statusId: number }[]): Promise<void>
  /** After a commit: these feeds changed otherwise (forgotten until read again). */
  drop(accountIds: number[]): Promise<void>
  close(): Promise<void>
}

type Scripted = Redis & {
  pharePutFeed(n: number, ...args: (string | number)[]): Promise<number>
  phareAddFeeds(n: number, ...args: (string | number)[]): Promise<number>
  phareDropFeeds(n: number, ...args: (string | number)[]): Promise<number>
}

/** Feed heads of at most `max` entries in the Redis at `url`, keys under `prefix`. */
export function redisFeeds(url: string, o: { prefix: string; max: number; onError?: (err: Error) => void }): SharedFeeds {
  // Reads must not wait on a lost Redis: fail fast, the database answers instead.
  const redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 500 }) as Scripted
  redis.on('error', (err: Error) => o.onError?.(err))
  redis.defineCommand('pharePutFeed', { lua: PUT })
  redis.defineCommand('phareAddFeeds', { lua: ADD })
  redis.defineCommand('phareDropFeeds', { lua: DROP })
  const keys = (id: number) => [`${o.prefix}feed:${id}`, `${o.prefix}feed:${id}:meta`, `${o.prefix}feed:${id}:gen`]
  const down = () => redis.status !== 'ready'
  const CHUNK = 300
  return {
    async get(id) {
      if (down()) throw new Error(`Redis is ${redis.status}`)
      const [ids, meta, gen] = keys(id)
      const r = await redis.multi().get(meta!).zrevrange(ids!, 0, o.max - 1).get(gen!).exec()
      const complete = r?.[0]?.[1] as string | null
      if (complete === null || complete === undefined) return { head: null, gen: (r?.[2]?.[1] as string | null) ?? '0' }
      return { head: { ids: (r![1]![1] as string[]).map(Number), complete: complete === '1' } }
    },
    async put(id, head, gen) {
      if (down()) return false
      const ids = head.ids.slice(0, o.max)
      return (await redis.pharePutFeed(3, ...keys(id), gen, head.complete ? '1' : '0', TTL_S, ...ids)) === 1
    },
    async add(entries) {
      for (let i = 0; i < entries.length; i += CHUNK) {
        const part = entries.slice(i, i + CHUNK)
        await redis.phareAddFeeds(part.length * 3, ...part.flatMap((e) => keys(e.accountId)), o.max, 2 * TTL_S, ...part.map((e) => e.statusId))
      }
    },
    async drop(accountIds) {
      for (let i = 0; i < accountIds.length; i += CHUNK) {
        const part = accountIds.slice(i, i + CHUNK)
        await redis.phareDropFeeds(part.length * 3, ...part.flatMap(keys), 2 * TTL_S)
      }
    },
    async close() { redis.disconnect() },
  }
}
