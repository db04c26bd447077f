import { join } from 'node:path'
import { hostname } from 'node:os'
import pino, { type Logger } from 'pino'
import type { Config } from './config.ts'
import { openDatabase, migrateAtStart, type DB, type Dialect } from './storage/db.ts'
import { memoryPubSub, type PubSub } from './storage/adapters/pubsub.ts'
import { redisPubSub } from './storage/adapters/redis-pubsub.ts'
import { presenceOf, stopStreamingPresence } from './services/streaming/presence.ts'
import { databaseQueue, type Queue } from './storage/adapters/queue.ts'
import { bullmqQueue } from './storage/adapters/bullmq-queue.ts'
import { createAuth, type Auth } from './http/auth.ts'
import { createCaches, type Caches } from './storage/cache/index.ts'
import { redisFeeds } from './storage/cache/redis-feeds.ts'
import { FEED_HEAD } from './storage/cache/load.ts'
import { createTransact, type Transact } from './storage/transact.ts'
import { createWriteTogether, type WriteTogether } from './storage/write-together.ts'
import { createActivity, type Activity } from './activity.ts'
import { registerJobs } from './jobs/index.ts'
import { createMediaStore } from './services/media/create-store.ts'
import type { MediaStore } from './services/media/store.ts'
import { createRoomAudio, type RoomAudio } from './services/rooms/audio.ts'
import { publishRoom } from './services/rooms/events.ts'
import { endAbandoned, renewBroadcast } from './services/rooms/lifecycle.ts'
import { stopPresence } from './services/rooms/presence.ts'
import { createMetrics, type Metrics } from './services/metrics.ts'
import { createLimits, type Limiter } from './services/limits/index.ts'
import { createShutdown, type Shutdown } from './shutdown.ts'
import { createFlags, type Flags } from './services/flags/index.ts'
import { createReadOnly, type ReadOnly } from './services/read-only/index.ts'
import { createBulkheads, type Bulkheads } from './services/bulkheads/index.ts'

/** The one object that wires configuration, storage, shared state and the job queue. */
export interface AppContext {
  config: Config
  db: DB
  dialect: Dialect
  /**
   * Where listings (timeline and profile skeletons: ids only) are read: the read replica when
   * PHARE_DATABASE_REPLICA_URL is set, else `db`. Never for what fills a cache or must see a write just made.
   */
  replica: DB
  pubsub: PubSub
  queue: Queue
  /** whether requests are being served (jobs give way to them) */
  activity: Activity
  /** a write transaction, grouped with concurrent ones into one commit on SQLite */
  transact: Transact
  /** writes that read nothing back, committed together (one round trip on PostgreSQL) */
  writeTogether: WriteTogether
  /** in-memory copies of hot rows; writes report what they changed through `cache.changed` */
  cache: Caches
  auth: Auth
  /** where processed images are kept and served from */
  media: MediaStore
  /** the speakers' SFU and the live rooms' broadcasts in this process */
  rooms: RoomAudio
  /** the rate-limit engine every entry point shares */
  limits: Limiter
  /** what /metrics reports */
  metrics: Metrics
  /** feature flags (OpenFeature, our provider), their cohorts and the automatic rollback */
  flags: Flags
  /** whether writes are refused now (disk full, database read-only, or an admin's choice) */
  readOnly: ReadOnly
  /** each part's slots, time limit and circuit breaker (media, previews, rooms, search, streaming, notifications) */
  bulkheads: Bulkheads
  log: Logger
  /** draining during a graceful stop: readiness and open streams follow it (shutdown.ts) */
  shutdown: Shutdown
}

/** Opens storage, migrates it and wires everything; `close` undoes it all. */
export async function createContext(config: Config, log?: Logger): Promise<AppContext & { close(): Promise<void> }> {
  const logger = log ?? pino({ level: config.logLevel, redact: ['req.headers.authorization', '*.password', '*.client_secret', '*.access_token'] })
  const { db, dialect } = openDatabase(config)
  const { held } = await migrateAtStart(db, dialect)
  if (held.length) logger.warn({ held: held.map((s) => s.name) }, `contract migrations wait: ${held.map((s) => `${s.name} (${s.reason})`).join(', ')}. Once every node runs this version, run \`npx phare migrate\` (README "Durability and backups")`)
  const readOnly = createReadOnly({ db, config, log: logger })
  const replica = config.databaseReplicaUrl ? openDatabase({ databaseUrl: config.databaseReplicaUrl, dataDir: config.dataDir }).db : db
  let lastPubSubError = 0
  // With Redis, every node hears every other: streams, cache drops and room presence are shared.
  const pubsub = config.redisUrl
    ? redisPubSub(config.redisUrl, { prefix: `${config.redisPrefix}:ps:`, onError: (err) => { if (Date.now() - lastPubSubError > 60_000) { lastPubSubError = Date.now(); logger.error({ err: err.message }, 'pub/sub Redis unavailable: live updates between nodes are paused') } } })
    : memoryPubSub()
  // Started now, not at the first stream: a node must know who streams elsewhere before its first fan-out.
  if (pubsub.shared) presenceOf({ pubsub })
  const activity = createActivity()
  const queueOptions = {
    concurrency: config.jobConcurrency,
    lockMs: config.jobLockS * 1000,
    busy: activity.busy,
    paused: readOnly.active,
    onError: (type: string, err: unknown, attempts: number) => { readOnly.noteFailure(err); logger.warn({ job: type, attempts, err: String((err as Error)?.message ?? err) }, 'job failed') },
    onLane: (lane: string, state: string) => logger.warn({ lane, state }, 'job lane breaker changed'),
  }
  const queue: Queue & { close?(): Promise<void> } = config.jobs === 'redis' && config.redisUrl
    ? bullmqQueue(db, dialect, config.redisUrl, { ...queueOptions, prefix: config.redisPrefix, name: `${hostname()}:${config.port}:${process.pid}` })
    : databaseQueue(db, dialect, queueOptions)
  // With Redis, hot home-feed heads are shared by the nodes (sorted sets), so a node's first read of a feed skips PostgreSQL.
  const cache = createCaches(pubsub, config.redisUrl ? redisFeeds(config.redisUrl, { prefix: `${config.redisPrefix}:`, max: FEED_HEAD }) : undefined)
  const transact = createTransact(db, dialect)
  const ctx: AppContext = { config, db, dialect, replica, pubsub, queue, activity, transact, writeTogether: createWriteTogether(db, dialect, transact), cache, auth: createAuth(db, cache), media: createMediaStore(config), log: logger,
    metrics: null as unknown as Metrics,
    shutdown: createShutdown(),
    flags: null as unknown as Flags,
    limits: createLimits(config, logger),
    readOnly,
    bulkheads: createBulkheads(config.bulkheads, (part, state) => logger.warn({ part, state }, 'bulkhead breaker changed')),
    rooms: createRoomAudio({ dir: join(config.dataDir, 'rooms'), ffmpeg: config.ffmpeg, rtcHost: config.rtcHost, rtcPorts: config.rtcPorts, log: logger, abandonedMs: config.roomIdleS * 1000 }),
  }
  ctx.metrics = createMetrics({ rooms: ctx.rooms })
  ctx.flags = createFlags(ctx)
  await ctx.flags.start()
  ctx.rooms.onSpeaking = (roomId, ids) => { void publishRoom(ctx, roomId, { event: 'room.speaking', payload: { room_id: String(roomId), account_ids: ids } }).catch(() => {}) }
  ctx.rooms.onAbandoned = (roomId) => { void endAbandoned(ctx, roomId).catch((err) => logger.error({ roomId, err: String(err) }, 'could not end an abandoned room')) }
  ctx.rooms.onBroadcastLost = (roomId, lost) => { void renewBroadcast(ctx, roomId, lost).catch((err) => logger.error({ roomId, err: String(err) }, 'could not renew a live room broadcast')) }
  registerJobs(ctx)
  return {
    ...ctx,
    async close() {
      await ctx.flags.close()
      readOnly.stop()
      await queue.stop()
      await queue.close?.()
      await ctx.rooms.close()
      await ctx.media.close?.()
      await ctx.limits.close()
      cache.close()
      stopPresence(pubsub)
      stopStreamingPresence(pubsub)
      await pubsub.close()
      if (replica !== db) await replica.destroy()
      await db.destroy()
    },
  }
}
