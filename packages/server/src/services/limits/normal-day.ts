// A heavy person's day, request by request: the yardstick limits are validated against.
// A few minutes of looking around, the sign-up, a new account's first hour (posting,
// replying, following and direct messages), then sixteen waking hours of heavy use with
// bursts (opening the app, a photo thread, an evening of live-posting an event).
import type { Group, Policy } from './policy.ts'

/** One request of the day: when (ms from the first visit), what, and whether a person is signed in. */
export interface DayRequest { at: number; group: Group; signedIn: boolean; what: string }

/** Streaming connections a person holds at once: phone, laptop (two tabs) and tablet. */
export const CONNECTIONS_AT_ONCE = 4

const S = 1000
const MIN = 60 * S
const HOUR = 60 * MIN

function spread(out: DayRequest[], from: number, to: number, n: number, group: Group, what: string, signedIn = true) {
  for (let i = 0; i < n; i++) out.push({ at: Math.floor(from + (i + 0.5) * (to - from) / n), group, signedIn, what })
}
function burst(out: DayRequest[], at: number, n: number, group: Group, what: string, signedIn = true) {
  for (let i = 0; i < n; i++) out.push({ at, group, signedIn, what })
}

/** When the person signs up, after looking around; their first hour ends at FIRST_HOUR_END. */
export const SIGNED_UP_AT = 5 * MIN
export const FIRST_HOUR_END = SIGNED_UP_AT + HOUR

/** The day, sorted by time. */
export function heavyDay(): DayRequest[] {
  const d: DayRequest[] = []
  const J = SIGNED_UP_AT
  burst(d, 0, 20, 'read', 'looking around before signing up', false)
  spread(d, 0, J, 40, 'read', 'looking around before signing up', false)
  burst(d, J, 1, 'sign-up', 'signing up', false)
  burst(d, J + 1 * S, 2, 'sign-in', 'signing in', false)
  // The first hour of a new account.
  burst(d, J + 5 * S, 40, 'read', 'opening the app')
  burst(d, J + 5 * S, 3, 'streaming', 'opening the app')
  spread(d, J + 10 * S, J + HOUR, 360, 'read', 'reading timelines')
  spread(d, J + 1 * MIN, J + 11 * MIN, 60, 'search', 'looking people up')
  spread(d, J + 1 * MIN, J + 3 * MIN, 30, 'write', 'following people')
  spread(d, J + 200 * S, J + HOUR, 75, 'write', 'posting, replying, direct messages, likes')
  spread(d, J + 5 * MIN, J + 50 * MIN, 4, 'media', 'uploading pictures')
  // Sixteen waking hours of heavy use.
  spread(d, HOUR, 16 * HOUR, 5600, 'read', 'reading timelines')
  for (let t = HOUR; t < 16 * HOUR; t += 30 * MIN) burst(d, t, 40, 'read', 'opening the app')
  spread(d, HOUR, 16 * HOUR, 20, 'streaming', 'reconnecting')
  spread(d, HOUR, 16 * HOUR, 1300, 'write', 'posting, replying, likes, boosts, follows, read markers')
  spread(d, 10 * HOUR, 11 * HOUR, 300, 'write', 'live-posting an event')
  spread(d, HOUR, 16 * HOUR, 30, 'media', 'uploading pictures')
  burst(d, 5 * HOUR, 8, 'media', 'a photo thread')
  spread(d, HOUR, 16 * HOUR, 200, 'search', 'searching')
  burst(d, 8 * HOUR, 30, 'search', 'searching')
  burst(d, 12 * HOUR, 2, 'sign-in', 'signing in on a new device', false)
  return d.sort((a, b) => a.at - b.at)
}

/** Whether a policy counts this request of the person's day. */
export function counts(p: Policy, r: DayRequest): boolean {
  if (!p.groups.includes(r.group)) return false
  if (p.who === 'anonymous' && r.signedIn) return false
  if (p.who === 'signed-in' && !r.signedIn) return false
  // Account, token and app keys only exist for a signed-in request.
  return p.key === 'ip' || r.signedIn
}

/** The most requests a rate policy sees within any one of its windows over the day, and what they were. */
export function peakOf(p: Policy, day: DayRequest[] = heavyDay()): { peak: number; at: number; what: string[] } {
  if (p.kind === 'connections') return { peak: CONNECTIONS_AT_ONCE, at: 0, what: ['streaming on several devices'] }
  const mine = day.filter((r) => counts(p, r))
  const w = p.windowS * 1000
  let best = { peak: 0, from: 0, to: 0 }
  for (let i = 0, j = 0; j < mine.length; j++) {
    while (mine[j]!.at - mine[i]!.at > w) i++
    if (j - i + 1 > best.peak) best = { peak: j - i + 1, from: i, to: j }
  }
  const what = [...new Set(mine.slice(best.from, best.to + 1).map((r) => r.what))]
  return { peak: best.peak, at: mine[best.from]?.at ?? 0, what }
}
