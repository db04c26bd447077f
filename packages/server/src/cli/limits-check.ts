import { parseArgs } from 'node:util'
import { loadConfig } from '../config.ts'
import { createLimiter } from '../services/limits/engine.ts'
import { memoryStore } from '../services/limits/memory-store.ts'
import { heavyDay, peakOf } from '../services/limits/normal-day.ts'
import { formatWindow, type Policy } from '../services/limits/policy.ts'
import { limitsWarnings } from '../services/limits/validate.ts'
import { maskSecret } from './config-check.ts'
import type { PlanSet } from '../services/plans/plan.ts'

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n')
}

/** Plays a heavy person's day through the engine: requests refused per policy (enforced or shadow). */
export async function playHeavyDay(policies: readonly Policy[]): Promise<{ total: number; refused: Record<string, number>; shadow: Record<string, number> }> {
  const start = Date.UTC(2026, 0, 5, 7)
  let clock = start
  const limiter = createLimiter(policies, memoryStore(), { now: () => clock })
  const refused: Record<string, number> = {}
  const day = heavyDay()
  for (const r of day) {
    clock = start + r.at
    const d = await limiter.check(r.group, { ip: '198.51.100.7', accountId: r.signedIn ? 1 : null, tokenId: r.signedIn ? 1 : null, appId: r.signedIn ? 1 : null })
    if (d.refusedBy) refused[d.refusedBy.policy.name] = (refused[d.refusedBy.policy.name] ?? 0) + 1
  }
  const shadow = Object.fromEntries(Object.entries(limiter.stats()).filter(([, s]) => s.shadowRefused > 0).map(([k, s]) => [k, s.shadowRefused]))
  await limiter.close()
  return { total: day.length, refused, shadow }
}

/** The policies as a table, with what a heavy person's day uses of each. */
export async function describeLimits(policies: readonly Policy[]): Promise<string> {
  const rows = [['policy', 'counts', 'per', 'limit', 'mode', 'heavy day peak']]
  for (const p of policies) {
    const { peak } = peakOf(p)
    const who = p.who === 'everyone' ? '' : ` (${p.who})`
    rows.push([p.name, p.groups.join(','), `${p.key}${who}`, p.kind === 'connections' ? `${p.limit} at once` : `${p.limit}/${formatWindow(p.windowS)}`,
      p.shadow ? 'shadow' : 'enforced', `${peak} (${Math.round(peak / p.limit * 100)}%)`])
  }
  const day = heavyDay()
  const played = await playHeavyDay(policies)
  const count = (g: string) => day.filter((r) => r.group === g).length
  const refused = Object.entries(played.refused).map(([k, n]) => `${n} by ${k}`).join(', ')
  const shadow = Object.entries(played.shadow).map(([k, n]) => `${n} by ${k}`).join(', ')
  return [
    table(rows),
    '',
    `A heavy person's day (a first visit, the sign-up, then 16 hours): ${played.total} requests — ${count('read')} reads, ${count('write')} writes, `
      + `${count('media')} uploads, ${count('search')} searches, ${count('streaming')} streaming connections, ${count('sign-in') + count('sign-up')} sign-up/sign-in.`,
    refused ? `Refused: ${refused}.` : 'Refused: none.',
    ...(shadow ? [`Shadow policies would have refused: ${shadow}.`] : []),
    ...limitsWarnings(policies).map((w) => `Warning: ${w}`),
  ].join('\n')
}

/** The API plans of third-party apps as a table. */
export function describePlans(set: PlanSet): string {
  const rows = [['plan', 'per day', 'per 15 min', 'mode', 'includes']]
  for (const p of set.plans) rows.push([`${p.name}${p.name === set.defaultPlan ? ' (new apps)' : ''}`, String(p.requestsPerDay), String(p.requestsPer15Min), p.shadow ? 'shadow' : 'enforced', p.endpoints.join(', ')])
  return `API plans of third-party apps (first-party and trusted apps have none):\n${table(rows)}`
}

/** `phare limits check`: validates the limits (ConfigError, exit 78, when unsafe) and prints them. */
export async function limitsCheck(args: string[]): Promise<number> {
  parseArgs({ args, options: {}, allowPositionals: false })
  const config = loadConfig()
  const source = config.limitsFile ? `the defaults overridden by ${config.limitsFile}` : 'the defaults (no PHARE_LIMITS_FILE)'
  const store = config.redisUrl ? `in Redis at ${maskSecret('PHARE_REDIS_URL', config.redisUrl)}` : 'in this process'
  console.log(`The rate limits are valid: ${source}; counters are kept ${store}.\n\n${await describeLimits(config.limits)}\n\n${describePlans(config.plans)}`)
  return 0
}
