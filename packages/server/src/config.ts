import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { resolve } from 'node:path'
import { loadLimitsFile, LimitsError } from './services/limits/load.ts'
import type { Policy } from './services/limits/policy.ts'
import { DEFAULT_PLANS, type PlanSet } from './services/plans/plan.ts'
import { bulkheadSpec } from './services/bulkheads/settings.ts'

/** The validated, typed configuration Phare runs with. */
export interface Config {
  port: number
  host: string
  publicUrl: string
  dataDir: string
  databaseUrl: string | null
  registrations: 'open' | 'approval' | 'closed'
  postMaxChars: number
  pollMaxOptions: number
  pollMaxCharsPerOption: number
  smtpUrl: string | null
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  instanceTitle: string
  instanceDescription: string
  contactEmail: string
  /** Accounts with more followers than this are merged into home timelines at read time instead of fanned out. */
  fanoutMaxFollowers: number
  jobConcurrency: number
  /** Media goes to this S3-compatible bucket instead of PHARE_DATA_DIR/media when set (validation then guarantees the public URL and keys). */
  mediaS3Bucket: string | null
  mediaS3Endpoint: string | null
  mediaS3Region: string
  mediaS3AccessKeyId: string | null
  mediaS3SecretAccessKey: string | null
  /** The URL the bucket's files are served from, without a trailing slash. */
  mediaS3PublicUrl: string | null
  mediaS3ForcePathStyle: boolean
  /** Whether links in posts get preview cards (fetched from the linked page). */
  previews: boolean
  /** TEST ONLY: "host:port" targets link previews may reach although their address is not public. */
  previewAllowHosts: string[]
  /** The ffmpeg that mixes live rooms; null means `ffmpeg` on PATH. */
  ffmpeg: string | null
  /** The address the speakers' WebRTC connections use (ICE host candidate). */
  rtcHost: string
  /** UDP ports for those connections, when a firewall needs a range. */
  rtcPorts: [number, number] | null
  /** A live room with nobody connected on stage for this many seconds ends by itself. */
  roomIdleS: number
  /** Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges). */
  trustedProxies: string[]
  /** Bearer token that lets a scraper read /metrics from anywhere; without it only loopback may. */
  metricsToken: string | null
  /** The status page (packages/status) people are pointed at, and whose summary the web app's banner reads; null hides both. */
  statusUrl: string | null
  /** Redis for state shared by every node (rate limits); null keeps it in this process. */
  redisUrl: string | null
  /** The operator's JSON file of rate-limit overrides, and the validated policies in effect. */
  limitsFile: string | null
  limits: Policy[]
  /** The API plans of third-party apps (from the same file), validated with the limits. */
  plans: PlanSet
  /** Proof-of-work challenge for anonymous traffic: when under pressure (auto), always (on) or never (off). */
  challenge: 'auto' | 'on' | 'off'
  /** Whether requests are shed by priority when the event loop or the database is saturated. */
  shedding: boolean
  /** Event-loop delay (p99 over a short window, ms) above which the server counts as under pressure. */
  shedLagMs: number
  /** Seconds a client may take to send a request's headers (slowloris). */
  headersTimeoutS: number
  /** Where jobs run: the database table, or BullMQ on PHARE_REDIS_URL (the table then is its outbox). */
  jobs: 'database' | 'redis'
  /** Seconds a job stays claimed by a node that stopped answering before another node runs it. */
  jobLockS: number
  /** What this process does: serve HTTP (web), run background jobs (jobs), or both. */
  roles: ('web' | 'jobs')[]
  /** Prefix of Phare's pub/sub channels and job queues in Redis, so several Phares can share one Redis. */
  redisPrefix: string
  /** Seconds between SIGTERM (readiness turns false) and closing the listener, for load balancers to notice. */
  drainS: number
  /** A PostgreSQL read replica for timeline and profile listings; null reads them from the primary. */
  databaseReplicaUrl: string | null
  /** Free space (MB) on the data directory's file system under which Phare turns read-only by itself; 0 turns the check off. */
  readOnlyFreeMb: number
  /** Read-only mode entered for low space ends only once this much more (MB) than the floor is free. */
  readOnlyMarginMb: number
  /** Per-part overrides of the bulkheads (services/bulkheads), e.g. "search.concurrency=8,media.timeout_ms=20000". */
  bulkheads: string
  /** Seconds a graceful stop (SIGTERM) gives in-flight requests and running jobs before it cuts them. */
  shutdownGraceS: number
  /** Feature flags: how often each node re-reads them, and the automatic rollback's analysis (README "Feature flags and rollouts"). */
  rollout: RolloutConfig
}

/** The feature flags' refresh and the automatic rollback's thresholds. */
export interface RolloutConfig {
  pollS: number
  rollback: boolean
  windowS: number
  minRequests: number
  maxErrorRateDelta: number
  minZ: number
  maxP99Ratio: number
  minP99DeltaMs: number
}

/** Raised when configuration is invalid; the message names the key and the fix. */
export class ConfigError extends Error {
  readonly problems: string[]
  constructor(problems: string[]) {
    super(`Phare cannot start, its configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.problems = problems
  }
}

type Parser<T> = (raw: string, key: string) => T
interface Setting<T> { default: T | ((partial: Record<string, unknown>) => T); parse: Parser<T>; doc: string }

const int = (min: number, max: number): Parser<number> => (raw, key) => {
  if (!/^-?\d+$/.test(raw.trim())) throw new Error(`${key} must be a whole number, got "${raw}"`)
  const n = Number(raw)
  if (n < min || n > max) throw new Error(`${key} must be between ${min} and ${max}, got ${n}`)
  return n
}
const oneOf = <T extends string>(...values: T[]): Parser<T> => (raw, key) => {
  if (!values.includes(raw as T)) throw new Error(`${key} must be one of ${values.join(', ')}, got "${raw}"`)
  return raw as T
}
const text: Parser<string> = (raw) => raw
const ratio = (min: number, max: number): Parser<number> => (raw, key) => {
  if (!/^\d+(\.\d+)?$/.test(raw.trim())) throw new Error(`${key} must be a number like 0.05, got "${raw}"`)
  const n = Number(raw)
  if (n < min || n > max) throw new Error(`${key} must be between ${min} and ${max}, got ${n}`)
  return n
}
const trueFalse: Parser<boolean> = (raw, key) => oneOf('true', 'false')(raw, key) === 'true'
const onOff: Parser<boolean> = (raw, key) => oneOf('on', 'off')(raw, key) === 'on'
/** Comma-separated "host:port" entries: a name or IPv4 address, or an IPv6 address in brackets. */
const hostPorts: Parser<string[]> = (raw, key) => raw.split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(entry)
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new Error(`${key} entries must be host:port (e.g. 127.0.0.1:4000 or [::1]:4000), got "${entry}"`)
  return `${m[1]!.toLowerCase()}:${Number(m[2])}`
})
const url = (protocols: string[]): Parser<string> => (raw, key) => {
  let u: URL
  try { u = new URL(raw) } catch { throw new Error(`${key} must be a URL (${protocols.join(' or ')}), got "${raw}"`) }
  if (!protocols.includes(u.protocol)) throw new Error(`${key} must use ${protocols.join(' or ')}, got "${u.protocol}"`)
  return raw
}

// Every PHARE_* key Phare understands. An unknown PHARE_* key stops the start,
// because a misspelt key silently ignored is how a "safe" change breaks production.
const settings = {
  PHARE_PORT: { default: 8080, parse: int(0, 65535), doc: 'TCP port to listen on' },
  PHARE_HOST: { default: 'localhost', parse: text, doc: 'address to listen on' },
  PHARE_PUBLIC_URL: {
    default: (p: Record<string, unknown>) => `http://localhost:${p.PHARE_PORT}`,
    parse: (raw: string, key: string) => url(['http:', 'https:'])(raw, key).replace(/\/+$/, ''),
    doc: 'the URL people use to reach this server',
  },
  PHARE_DATA_DIR: { default: resolve('./data'), parse: (raw: string) => resolve(raw), doc: 'directory for the SQLite database and files' },
  PHARE_DATABASE_URL: { default: null, parse: url(['postgres:', 'postgresql:']), doc: 'postgres:// URL; unset means SQLite in PHARE_DATA_DIR' },
  PHARE_REGISTRATIONS: { default: 'open', parse: oneOf('open', 'approval', 'closed'), doc: 'who may sign up' },
  PHARE_POST_MAX_CHARS: { default: 500, parse: int(1, 100_000), doc: 'maximum characters in a post' },
  PHARE_POLL_MAX_OPTIONS: { default: 4, parse: int(2, 20), doc: 'maximum options in a poll' },
  PHARE_POLL_MAX_CHARS_PER_OPTION: { default: 50, parse: int(1, 1000), doc: 'maximum characters in a poll option' },
  PHARE_SMTP_URL: { default: null, parse: url(['smtp:', 'smtps:']), doc: 'SMTP server for confirmation and reset mail' },
  PHARE_LOG_LEVEL: { default: 'info', parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), doc: 'log level' },
  PHARE_INSTANCE_TITLE: { default: 'Phare', parse: text, doc: 'the name of this server' },
  PHARE_INSTANCE_DESCRIPTION: { default: 'A Phare social server.', parse: text, doc: 'one sentence about this server' },
  PHARE_CONTACT_EMAIL: { default: '', parse: text, doc: 'contact address shown to people' },
  PHARE_FANOUT_MAX_FOLLOWERS: { default: 20_000, parse: int(100, 100_000_000), doc: 'above this many followers, posts are merged at read time' },
  PHARE_JOB_CONCURRENCY: { default: 16, parse: int(1, 256), doc: 'background jobs run at once per process' },
  PHARE_PREVIEWS: { default: true, parse: onOff, doc: 'on or off: fetch linked pages to show preview cards under posts' },
  PHARE_PREVIEW_ALLOW_HOSTS: {
    default: [] as string[], parse: hostPorts,
    doc: 'TEST ONLY: comma-separated host:port list that link previews may reach although these addresses are otherwise refused (loopback, private); leave empty in production',
  },
  PHARE_FFMPEG: { default: null, parse: text, doc: "path of the ffmpeg that mixes live rooms into HLS; unset means `ffmpeg` on PATH (Debian's)" },
  PHARE_RTC_HOST: {
    default: '127.0.0.1',
    parse: (raw: string, key: string) => { if (isIP(raw) === 0) throw new Error(`${key} must be an IPv4 or IPv6 address, got "${raw}"`); return raw },
    doc: "IP address speakers' browsers reach for live-room audio (WebRTC over UDP): this machine's public address in production",
  },
  PHARE_RTC_PORTS: {
    default: null,
    parse: (raw: string, key: string): [number, number] => {
      const m = /^(\d{4,5})-(\d{4,5})$/.exec(raw.trim())
      const [lo, hi] = m ? [Number(m[1]), Number(m[2])] : [0, 0]
      if (!m || lo < 1024 || hi > 65535 || hi - lo < 16) throw new Error(`${key} must be a UDP port range like 40000-40999 (at least 16 ports, above 1023), got "${raw}"`)
      return [lo, hi]
    },
    doc: 'UDP port range for live-room speakers (e.g. 40000-40999); unset means any free port',
  },
  PHARE_TRUSTED_PROXIES: {
    default: ['127.0.0.1', '::1'] as string[],
    parse: (raw: string, key: string) => raw.split(',').map((x) => x.trim()).filter(Boolean).map((x) => {
      const [addr, bits, more] = x.split('/')
      const v = isIP(addr)
      if (v === 0 || more !== undefined || (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= (v === 4 ? 32 : 128)))) {
        throw new Error(`${key} entries must be IP addresses or CIDR ranges (e.g. 10.0.0.0/8), got "${x}"`)
      }
      return x
    }),
    doc: "comma-separated proxy addresses or CIDR ranges whose X-Forwarded-For is believed (a client's address decides its rate limits); default loopback, for nginx on the same machine",
  },
  PHARE_METRICS_TOKEN: { default: null, parse: text, doc: 'a bearer token that lets a scraper read /metrics from any address; unset means loopback only' },
  PHARE_STATUS_URL: {
    default: null,
    parse: (raw: string, key: string) => url(['http:', 'https:'])(raw, key).replace(/\/+$/, ''),
    doc: 'URL of the status page (`npm run status`): the web app links to it and shows its outages in a banner; unset hides both',
  },
  PHARE_ROOM_IDLE_S: { default: 900, parse: int(1, 86_400), doc: 'seconds after which a live room with nobody connected on stage ends by itself' },
  PHARE_MEDIA_S3_BUCKET: { default: null, parse: text, doc: 'S3-compatible bucket for media files; unset means PHARE_DATA_DIR/media' },
  PHARE_MEDIA_S3_ENDPOINT: {
    default: null,
    parse: (raw: string, key: string) => url(['http:', 'https:'])(raw, key).replace(/\/+$/, ''),
    doc: 'S3 API URL of a non-AWS store (MinIO, R2, Garage…); unset means AWS',
  },
  PHARE_MEDIA_S3_REGION: {
    default: 'us-east-1',
    parse: (raw: string, key: string) => { if (!/^[a-z0-9-]+$/.test(raw)) throw new Error(`${key} must be a region name like eu-west-3, got "${raw}"`); return raw },
    doc: 'region of the media bucket',
  },
  PHARE_MEDIA_S3_ACCESS_KEY_ID: { default: null, parse: text, doc: 'access key id for the media bucket' },
  PHARE_MEDIA_S3_SECRET_ACCESS_KEY: { default: null, parse: text, doc: 'secret access key for the media bucket' },
  PHARE_MEDIA_S3_PUBLIC_URL: {
    default: null,
    parse: (raw: string, key: string) => url(['http:', 'https:'])(raw, key).replace(/\/+$/, ''),
    doc: "URL the bucket's files are served from (a CDN or the bucket's public endpoint)",
  },
  PHARE_MEDIA_S3_FORCE_PATH_STYLE: { default: false, parse: trueFalse, doc: 'true for stores that want host/bucket/key URLs (MinIO and most self-hosted ones)' },
  PHARE_REDIS_URL: { default: null, parse: url(['redis:', 'rediss:']), doc: 'redis:// URL for rate-limit counters shared by every node; unset keeps them in this process' },
  PHARE_LIMITS_FILE: { default: null, parse: text, doc: 'JSON file overriding rate-limit policies (README "Rate limits"); checked at start and by `phare limits check`' },
  PHARE_CHALLENGE: { default: 'auto', parse: oneOf('auto', 'on', 'off'), doc: 'proof-of-work challenge for anonymous traffic: auto (when the server is under pressure), on (always) or off' },
  PHARE_SHEDDING: { default: true, parse: onOff, doc: 'on or off: refuse requests by priority (anonymous and expensive first) when the server is saturated' },
  PHARE_SHED_LAG_MS: { default: 200, parse: int(20, 10_000), doc: 'event-loop delay (p99 over a short window, ms) above which the server counts as under pressure' },
  PHARE_HEADERS_TIMEOUT_S: { default: 10, parse: int(1, 300), doc: 'seconds a client may take to send the headers of a request before it is cut off (slowloris)' },
  PHARE_SHUTDOWN_GRACE_S: { default: 20, parse: int(1, 600), doc: 'seconds SIGTERM gives in-flight requests and running jobs to finish before the process exits anyway (a rolling restart waits this long at most)' },
  PHARE_FLAGS_POLL_S: { default: 5, parse: int(1, 300), doc: 'seconds between two reads of the feature flags by each node (changes are also pushed at once on this node)' },
  PHARE_ROLLBACK: { default: true, parse: onOff, doc: "on or off: return a flag to 0% by itself when its 'on' cohort does significantly worse than its 'off' cohort" },
  PHARE_ROLLBACK_WINDOW_S: { default: 300, parse: int(10, 86_400), doc: 'seconds of requests the rollback analysis compares (a sliding window per node)' },
  PHARE_ROLLBACK_MIN_REQUESTS: { default: 100, parse: int(10, 10_000_000), doc: 'requests each cohort needs in the window before a flag is judged' },
  PHARE_ROLLBACK_MAX_ERROR_RATE_DELTA: { default: 0.01, parse: ratio(0, 1), doc: "how much higher (0.01 = one point) the 'on' cohort's 5xx rate may be than the 'off' cohort's" },
  PHARE_ROLLBACK_MIN_Z: { default: 2.33, parse: ratio(0, 10), doc: 'z-score of the two-proportion test the error-rate difference must also reach to count (2.33: 99% one-sided)' },
  PHARE_ROLLBACK_MAX_P99_RATIO: { default: 1.5, parse: ratio(1, 100), doc: "how many times slower (p99 latency) the 'on' cohort may be than the 'off' cohort" },
  PHARE_ROLLBACK_MIN_P99_DELTA_MS: { default: 100, parse: int(0, 600_000), doc: 'a p99 difference under this many ms never counts (noise on fast endpoints)' },
  PHARE_READ_ONLY_FREE_MB: { default: 200, parse: int(0, 10_000_000), doc: 'free space (MB) on the file system of PHARE_DATA_DIR under which Phare turns read-only by itself (reads go on, writes get 503 read_only); 0 turns the check off' },
  PHARE_READ_ONLY_MARGIN_MB: { default: 100, parse: int(0, 10_000_000), doc: 'read-only mode entered for low space ends by itself once PHARE_READ_ONLY_FREE_MB plus this many MB are free and a probe write succeeds' },
  PHARE_BULKHEADS: { default: '', parse: bulkheadSpec, doc: 'overrides of the per-part bulkheads, comma-separated part.field=value (parts: media, previews, rooms, search, streaming, notifications; fields: concurrency, timeout_ms, failures, cooldown_ms), e.g. search.concurrency=8' },
  PHARE_CONFIG_FILE: { default: null, parse: text, doc: 'optional file of KEY=value lines read before the environment' },
  PHARE_JOBS: {
    default: (p: Record<string, unknown>) => (p.PHARE_REDIS_URL ? 'redis' : 'database'),
    parse: oneOf('database', 'redis'),
    doc: 'where background jobs run: database (a table, the default without Redis) or redis (BullMQ on PHARE_REDIS_URL, the default with it)',
  },
  PHARE_JOB_LOCK_S: { default: 30, parse: int(2, 3600), doc: 'seconds before a job taken by a node that died (or hangs) is run by another node' },
  PHARE_ROLES: {
    default: ['web', 'jobs'] as ('web' | 'jobs')[],
    parse: (raw: string, key: string) => {
      const roles = [...new Set(raw.split(',').map((r) => r.trim()).filter(Boolean))]
      if (roles.length === 0 || roles.some((r) => r !== 'web' && r !== 'jobs')) throw new Error(`${key} must be web, jobs or web,jobs, got "${raw}"`)
      return roles as ('web' | 'jobs')[]
    },
    doc: 'what this process does: web (HTTP API and pages), jobs (background jobs), or web,jobs (the default); scale each separately across machines',
  },
  PHARE_REDIS_PREFIX: {
    default: 'phare',
    parse: (raw: string, key: string) => { if (!/^[A-Za-z0-9_-]{1,40}$/.test(raw)) throw new Error(`${key} must be 1 to 40 letters, digits, - or _, got "${raw}"`); return raw },
    doc: "prefix of Phare's pub/sub channels and job queues in Redis: give each Phare sharing one Redis its own",
  },
  PHARE_DATABASE_REPLICA_URL: { default: null, parse: url(['postgres:', 'postgresql:']), doc: 'postgres:// URL of a read replica of PHARE_DATABASE_URL: timeline and profile listings are read there (a replica a few milliseconds behind can omit the newest post from them)' },
  PHARE_DRAIN_S: { default: 0, parse: int(0, 120), doc: 'seconds a stopping node keeps serving with /readyz answering 503, so a load balancer stops sending it requests first (e.g. 10 behind one that checks readiness)' },
} satisfies Record<string, Setting<unknown>>

/** Documentation of every setting, for `phare config` and the README. */
export const settingDocs = Object.entries(settings).map(([key, s]) => ({ key, doc: s.doc }))

function readFileEnv(path: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const t = line.trim()
    if (!t || t.startsWith('#')) continue
    const eq = t.indexOf('=')
    if (eq < 0) throw new ConfigError([`${path}: line "${t}" is not KEY=value`])
    out[t.slice(0, eq).trim()] = t.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1')
  }
  return out
}

/** Reads, validates and types the configuration; throws ConfigError naming every bad key. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = []
  let source: Record<string, string | undefined> = env
  if (env.PHARE_CONFIG_FILE) {
    try { source = { ...readFileEnv(env.PHARE_CONFIG_FILE), ...env } } catch (e) {
      if (e instanceof ConfigError) throw e
      throw new ConfigError([`PHARE_CONFIG_FILE: cannot read ${env.PHARE_CONFIG_FILE} (${(e as Error).message})`])
    }
  }
  for (const key of Object.keys(source)) {
    if (key.startsWith('PHARE_') && !(key in settings) && key !== 'PHARE_NODE' && key !== 'PHARE_NODE_PREFIX') {
      const near = Object.keys(settings).find((k) => k.replace(/_/g, '').startsWith(key.replace(/_/g, '').slice(0, 8)))
      problems.push(`${key} is not a Phare setting${near ? ` (did you mean ${near}?)` : ''}; remove it or fix its name`)
    }
  }
  const values: Record<string, unknown> = {}
  for (const [key, s] of Object.entries(settings) as [string, Setting<unknown>][]) {
    const raw = source[key]
    if (raw === undefined || raw === '') {
      values[key] = typeof s.default === 'function' ? (s.default as (p: Record<string, unknown>) => unknown)(values) : s.default
      continue
    }
    try { values[key] = s.parse(raw, key) } catch (e) { problems.push(`${(e as Error).message} (${s.doc})`) }
  }
  problems.push(...mediaS3Problems(source))
  if (values.PHARE_DATABASE_REPLICA_URL && !values.PHARE_DATABASE_URL) problems.push('PHARE_DATABASE_REPLICA_URL is set but PHARE_DATABASE_URL is not; a replica needs the PostgreSQL primary it copies')
  if (values.PHARE_JOBS === 'redis' && !values.PHARE_REDIS_URL) problems.push('PHARE_JOBS is redis but PHARE_REDIS_URL is not set; set PHARE_REDIS_URL or use PHARE_JOBS=database')
  let limits: Policy[] = []
  let plans: PlanSet = DEFAULT_PLANS
  try { ({ policies: limits, plans } = loadLimitsFile(values.PHARE_LIMITS_FILE as string | null)) } catch (e) {
    if (!(e instanceof LimitsError)) throw e
    problems.push(...e.problems.map((p) => `PHARE_LIMITS_FILE: ${p}`))
  }
  if (problems.length) throw new ConfigError(problems)
  return {
    port: values.PHARE_PORT as number,
    host: values.PHARE_HOST as string,
    publicUrl: values.PHARE_PUBLIC_URL as string,
    dataDir: values.PHARE_DATA_DIR as string,
    databaseUrl: values.PHARE_DATABASE_URL as string | null,
    registrations: values.PHARE_REGISTRATIONS as Config['registrations'],
    postMaxChars: values.PHARE_POST_MAX_CHARS as number,
    pollMaxOptions: values.PHARE_POLL_MAX_OPTIONS as number,
    pollMaxCharsPerOption: values.PHARE_POLL_MAX_CHARS_PER_OPTION as number,
    smtpUrl: values.PHARE_SMTP_URL as string | null,
    logLevel: values.PHARE_LOG_LEVEL as Config['logLevel'],
    instanceTitle: values.PHARE_INSTANCE_TITLE as string,
    instanceDescription: values.PHARE_INSTANCE_DESCRIPTION as string,
    contactEmail: values.PHARE_CONTACT_EMAIL as string,
    fanoutMaxFollowers: values.PHARE_FANOUT_MAX_FOLLOWERS as number,
    jobConcurrency: values.PHARE_JOB_CONCURRENCY as number,
    mediaS3Bucket: values.PHARE_MEDIA_S3_BUCKET as string | null,
    mediaS3Endpoint: values.PHARE_MEDIA_S3_ENDPOINT as string | null,
    mediaS3Region: values.PHARE_MEDIA_S3_REGION as string,
    mediaS3AccessKeyId: values.PHARE_MEDIA_S3_ACCESS_KEY_ID as string | null,
    mediaS3SecretAccessKey: values.PHARE_MEDIA_S3_SECRET_ACCESS_KEY as string | null,
    mediaS3PublicUrl: values.PHARE_MEDIA_S3_PUBLIC_URL as string | null,
    mediaS3ForcePathStyle: values.PHARE_MEDIA_S3_FORCE_PATH_STYLE as boolean,
    previews: values.PHARE_PREVIEWS as boolean,
    previewAllowHosts: values.PHARE_PREVIEW_ALLOW_HOSTS as string[],
    ffmpeg: values.PHARE_FFMPEG as string | null,
    rtcHost: values.PHARE_RTC_HOST as string,
    rtcPorts: values.PHARE_RTC_PORTS as [number, number] | null,
    roomIdleS: values.PHARE_ROOM_IDLE_S as number,
    trustedProxies: values.PHARE_TRUSTED_PROXIES as string[],
    metricsToken: values.PHARE_METRICS_TOKEN as string | null,
    statusUrl: values.PHARE_STATUS_URL as string | null,
    redisUrl: values.PHARE_REDIS_URL as string | null,
    limitsFile: values.PHARE_LIMITS_FILE as string | null,
    limits,
    plans,
    challenge: values.PHARE_CHALLENGE as Config['challenge'],
    shedding: values.PHARE_SHEDDING as boolean,
    shedLagMs: values.PHARE_SHED_LAG_MS as number,
    headersTimeoutS: values.PHARE_HEADERS_TIMEOUT_S as number,
    shutdownGraceS: values.PHARE_SHUTDOWN_GRACE_S as number,
    rollout: {
      pollS: values.PHARE_FLAGS_POLL_S as number,
      rollback: values.PHARE_ROLLBACK as boolean,
      windowS: values.PHARE_ROLLBACK_WINDOW_S as number,
      minRequests: values.PHARE_ROLLBACK_MIN_REQUESTS as number,
      maxErrorRateDelta: values.PHARE_ROLLBACK_MAX_ERROR_RATE_DELTA as number,
      minZ: values.PHARE_ROLLBACK_MIN_Z as number,
      maxP99Ratio: values.PHARE_ROLLBACK_MAX_P99_RATIO as number,
      minP99DeltaMs: values.PHARE_ROLLBACK_MIN_P99_DELTA_MS as number,
    },
    readOnlyFreeMb: values.PHARE_READ_ONLY_FREE_MB as number,
    readOnlyMarginMb: values.PHARE_READ_ONLY_MARGIN_MB as number,
    bulkheads: values.PHARE_BULKHEADS as string,
    jobs: values.PHARE_JOBS as Config['jobs'],
    jobLockS: values.PHARE_JOB_LOCK_S as number,
    roles: values.PHARE_ROLES as Config['roles'],
    redisPrefix: values.PHARE_REDIS_PREFIX as string,
    drainS: values.PHARE_DRAIN_S as number,
    databaseReplicaUrl: values.PHARE_DATABASE_REPLICA_URL as string | null,
  }
}

/** The host name of this server, as used in acct: handles. */
export function localDomain(config: Config): string {
  return new URL(config.publicUrl).host
}

// A bucket without its URL or keys would fail at the first upload, long after the start;
// S3 settings without a bucket would be ignored while media quietly stays on local disk.
function mediaS3Problems(source: Record<string, string | undefined>): string[] {
  const given = (key: string) => source[key] !== undefined && source[key] !== ''
  const others = ['PHARE_MEDIA_S3_ENDPOINT', 'PHARE_MEDIA_S3_REGION', 'PHARE_MEDIA_S3_ACCESS_KEY_ID',
    'PHARE_MEDIA_S3_SECRET_ACCESS_KEY', 'PHARE_MEDIA_S3_PUBLIC_URL', 'PHARE_MEDIA_S3_FORCE_PATH_STYLE']
  if (!given('PHARE_MEDIA_S3_BUCKET')) {
    return others.filter(given).map((k) => `${k} is set but PHARE_MEDIA_S3_BUCKET is not; set the bucket to keep media in S3, or remove ${k}`)
  }
  const required: [string, string][] = [
    ['PHARE_MEDIA_S3_PUBLIC_URL', "the URL the bucket's files are served from (a CDN or the bucket's public endpoint)"],
    ['PHARE_MEDIA_S3_ACCESS_KEY_ID', 'the id of an access key allowed to read, write and delete in the bucket'],
    ['PHARE_MEDIA_S3_SECRET_ACCESS_KEY', 'the secret of that access key'],
  ]
  return required.filter(([k]) => !given(k)).map(([k, what]) => `${k} is required when PHARE_MEDIA_S3_BUCKET is set; set it to ${what}`)
}
