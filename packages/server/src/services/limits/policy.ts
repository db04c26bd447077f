// The shape of a rate-limit policy and the defaults Phare ships with. A policy counts
// the requests of some route groups per key (network address, account, token or app)
// over a window, or, for streaming, the connections held at once.

/** What a request does, from its method and route (see http/limits.ts). */
export const GROUPS = ['read', 'write', 'media', 'search', 'sign-up', 'sign-in', 'streaming'] as const
export type Group = typeof GROUPS[number]

/** What a policy counts by. IPv6 addresses count by /64, as one machine usually holds a whole /64. */
export const KEYS = ['ip', 'account', 'token', 'app'] as const
export type KeyKind = typeof KEYS[number]

/** Whose requests a policy counts: anonymous means no person behind the request (no token, or an app-only token). */
export const WHO = ['everyone', 'anonymous', 'signed-in'] as const
export type Who = typeof WHO[number]

export interface Policy {
  name: string
  groups: Group[]
  key: KeyKind
  who: Who
  /** `rate`: at most `limit` requests per `windowS` (GCRA); `connections`: at most `limit` held at once. */
  kind: 'rate' | 'connections'
  limit: number
  /** seconds; 0 for connection policies */
  windowS: number
  /** counted and reported, never enforced */
  shadow: boolean
  /** one sentence for people and operators: what the policy protects */
  why: string
  /** an API plan's quota (services/plans): counts only the apps on that plan */
  plan?: string
}

const API: Group[] = ['read', 'write', 'media', 'search']
const MIN = 60
const HOUR = 3600
const DAY = 86_400

const rate = (name: string, groups: Group[], key: KeyKind, limit: number, windowS: number, why: string, who: Who = 'everyone'): Policy =>
  ({ name, groups, key, who, kind: 'rate', limit, windowS, shadow: false, why })
const connections = (name: string, key: KeyKind, limit: number, why: string): Policy =>
  ({ name, groups: ['streaming'], key, who: 'everyone', kind: 'connections', limit, windowS: 0, shadow: false, why })

/**
 * The defaults, modelled on Mastodon's (300 requests per 5 minutes per token, 1,500 per account,
 * 7,500 per address, 30 uploads per 30 minutes, 5 sign-ups per 30 minutes per address),
 * with daily caps far above what a heavy person does in a day (see normal-day.ts).
 */
export const DEFAULT_POLICIES: readonly Policy[] = Object.freeze([
  rate('requests-ip', [...API, 'sign-up', 'sign-in', 'streaming'], 'ip', 7500, 5 * MIN, 'keeps one network address from taking the whole server'),
  rate('anonymous-ip', ['read', 'search'], 'ip', 300, 5 * MIN, 'bounds what scrapers can read without an account', 'anonymous'),
  rate('requests-token', API, 'token', 300, 5 * MIN, 'keeps one app from taking a person\'s whole allowance'),
  rate('requests-account', API, 'account', 1500, 5 * MIN, 'keeps one account from taking the whole server'),
  rate('writes-account-hour', ['write'], 'account', 600, HOUR, 'slows down spam and runaway scripts'),
  rate('writes-account-day', ['write'], 'account', 5000, DAY, 'caps what one account can write in a day'),
  rate('media-account', ['media'], 'account', 30, 30 * MIN, 'uploads are the most expensive requests'),
  rate('media-account-day', ['media'], 'account', 300, DAY, 'caps the storage one account can fill in a day'),
  rate('search-account', ['search'], 'account', 300, 5 * MIN, 'searches are expensive queries'),
  rate('search-ip', ['search'], 'ip', 1000, 5 * MIN, 'searches are expensive queries'),
  rate('sign-up-ip', ['sign-up'], 'ip', 5, 30 * MIN, 'slows down the mass creation of accounts'),
  rate('sign-in-ip', ['sign-in'], 'ip', 25, 5 * MIN, 'slows down password guessing'),
  connections('streams-account', 'account', 32, 'each open streaming connection holds memory and a subscription'),
  connections('streams-ip', 'ip', 100, 'keeps one network address from holding every connection'),
])

/** "5m", "1h", "1d", "30s" or a number of seconds. */
export function parseWindow(value: number | string): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : null
  const m = /^(\d+)(s|m|h|d)$/.exec(value)
  if (!m) return null
  return Number(m[1]) * ({ s: 1, m: MIN, h: HOUR, d: DAY } as const)[m[2] as 's' | 'm' | 'h' | 'd']
}

/** The shortest way to write a window: 300 → "5m". */
export function formatWindow(seconds: number): string {
  if (seconds % DAY === 0) return `${seconds / DAY}d`
  if (seconds % HOUR === 0) return `${seconds / HOUR}h`
  if (seconds % MIN === 0) return `${seconds / MIN}m`
  return `${seconds}s`
}

/** "600 per 1h per account" or "16 at once per ip". */
export function describeLimit(p: Policy): string {
  const per = p.key === 'ip' ? 'network address' : p.key
  return p.kind === 'connections' ? `${p.limit} connections at once per ${per}` : `${p.limit} requests per ${formatWindow(p.windowS)} per ${per}`
}
