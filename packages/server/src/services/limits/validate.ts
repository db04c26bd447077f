// Invariants a set of policies must keep before it takes effect. Each problem names
// the policy and the fix, because a wrong limit is how a whole site goes read-only.
import { describeLimit, formatWindow, type Policy } from './policy.ts'
import { CONNECTIONS_AT_ONCE, FIRST_HOUR_END, heavyDay, peakOf } from './normal-day.ts'

const MAX_WINDOW_S = 7 * 86_400

function clock(ms: number): string {
  const m = Math.floor(ms / 60_000)
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
}

/** The problems that make this set of policies unsafe; empty when it may take effect. */
export function limitsProblems(policies: readonly Policy[]): string[] {
  const problems: string[] = []
  const day = heavyDay()
  for (const p of policies) {
    const at = `policy "${p.name}"`
    if (!Number.isInteger(p.limit) || p.limit < 1) {
      problems.push(`${at}: the limit must be a whole number of at least 1 (a limit of 0 refuses everything); to turn the policy off write "enabled": false`)
      continue
    }
    if (p.kind === 'connections') {
      if (p.groups.some((g) => g !== 'streaming')) problems.push(`${at}: a connections policy only counts the "streaming" group; use "kind": "rate" for other groups`)
      if (!p.shadow && p.limit < CONNECTIONS_AT_ONCE) {
        problems.push(`${at} allows ${describeLimit(p)}, but a person streams on ${CONNECTIONS_AT_ONCE} devices at once; raise its limit to at least ${CONNECTIONS_AT_ONCE}`)
      }
      continue
    }
    if (!Number.isInteger(p.windowS) || p.windowS < 1 || p.windowS > MAX_WINDOW_S) {
      problems.push(`${at}: the window must be between 1s and 7d, got ${p.windowS}s`)
      continue
    }
    if (p.shadow) continue
    // The first hour is checked on its own, so its message says so even when a later hour is busier.
    const firstHour = peakOf(p, day.filter((r) => r.at < FIRST_HOUR_END))
    const { peak, at: when, what } = firstHour.peak > p.limit ? firstHour : peakOf(p, day)
    if (peak > p.limit) {
      const first = firstHour.peak > p.limit ? "a new account's first hour" : `a heavy day (from ${clock(when)} after the first visit)`
      problems.push(`${at} allows ${describeLimit(p)}, but ${first} needs ${peak} within ${formatWindow(p.windowS)} (${what.join('; ')}): `
        + `raise its limit to at least ${peak}, or set "shadow": true to watch it without refusing anyone`)
    }
  }
  // A longer window that allows less than a shorter one covering the same requests makes the shorter one a lie.
  for (const short of policies) {
    for (const long of policies) {
      if (short === long || short.kind !== 'rate' || long.kind !== 'rate' || short.shadow || long.shadow) continue
      if (long.key !== short.key || long.windowS <= short.windowS || long.limit >= short.limit) continue
      if (!short.groups.every((g) => long.groups.includes(g)) || (long.who !== 'everyone' && long.who !== short.who)) continue
      problems.push(`policy "${long.name}" allows ${long.limit} per ${formatWindow(long.windowS)}, fewer than policy "${short.name}" allows per ${formatWindow(short.windowS)} (${short.limit}): `
        + `a longer window must allow at least as much as a shorter one; raise "${long.name}" to at least ${short.limit} or lower "${short.name}"`)
    }
  }
  return problems
}

/** Shadow policies a heavy day would trip: worth knowing before enforcing them. */
export function limitsWarnings(policies: readonly Policy[]): string[] {
  const day = heavyDay()
  return policies.filter((p) => p.shadow && p.kind === 'rate').flatMap((p) => {
    const { peak } = peakOf(p, day)
    return peak > p.limit ? [`shadow policy "${p.name}" (${describeLimit(p)}) would refuse a heavy day (${peak} within ${formatWindow(p.windowS)}); do not enforce it as it is`] : []
  })
}
