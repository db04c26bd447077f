// The status process's settings: PHARE_STATUS_* only, so it can run on any machine
// without the app's configuration.
import { resolve } from 'node:path'

/** The validated settings of the status process. */
export interface StatusConfig {
  target: string
  port: number
  host: string
  dataDir: string
  intervalS: number
  /** How often the expensive journeys (uploads, rooms, previews) run, at most: they count against the probe's rate limits. */
  slowEveryS: number
  /** The URL people reach this status page at (links in the feed, the preview page the target fetches). */
  publicUrl: string
  adminToken: string | null
  /** host:port endpoints that prove this machine has a network when the target does not answer. */
  control: string[]
  /** Whether the link-preview journey runs (the target must be allowed to fetch this page). */
  previews: boolean
  /** Reports in the last 10 minutes that open an "investigating" incident, at least. */
  reportBurst: number
  title: string
}

function int(env: Record<string, string | undefined>, key: string, def: number, min: number, max: number): number {
  const raw = env[key]
  if (raw === undefined || raw === '') return def
  const n = Number(raw)
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${key} must be a number between ${min} and ${max}, got "${raw}"`)
  return n
}

/** Reads PHARE_STATUS_* from `env`; throws naming the bad key. */
export function loadStatusConfig(env: Record<string, string | undefined> = process.env): StatusConfig {
  const target = (env.PHARE_STATUS_TARGET ?? 'http://localhost:8080').replace(/\/+$/, '')
  try { new URL(target) } catch { throw new Error(`PHARE_STATUS_TARGET must be the app's URL, got "${target}"`) }
  const port = int(env, 'PHARE_STATUS_PORT', 8081, 0, 65535)
  const host = env.PHARE_STATUS_HOST || 'localhost'
  const previews = env.PHARE_STATUS_PREVIEWS ?? 'off'
  if (previews !== 'on' && previews !== 'off') throw new Error(`PHARE_STATUS_PREVIEWS must be on or off, got "${previews}"`)
  return {
    target, port, host,
    dataDir: resolve(env.PHARE_STATUS_DATA_DIR || './data-status'),
    intervalS: int(env, 'PHARE_STATUS_INTERVAL_S', 30, 0.5, 3600),
    slowEveryS: int(env, 'PHARE_STATUS_SLOW_EVERY_S', 300, 0, 86_400),
    publicUrl: (env.PHARE_STATUS_PUBLIC_URL || `http://${host}:${port}`).replace(/\/+$/, ''),
    adminToken: env.PHARE_STATUS_ADMIN_TOKEN || null,
    control: (env.PHARE_STATUS_CONTROL ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    previews: previews === 'on',
    reportBurst: int(env, 'PHARE_STATUS_REPORT_BURST', 10, 1, 1_000_000),
    title: env.PHARE_STATUS_TITLE || 'Phare status',
  }
}
