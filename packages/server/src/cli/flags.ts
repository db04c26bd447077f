// `phare flags …`: the operator's view of feature flags, on the configured database. Changes
// are recorded as made by "cli"; running servers see them within PHARE_FLAGS_POLL_S seconds.
// `watch` reads the live cohort figures from a running server's /metrics (loopback, or with
// PHARE_METRICS_TOKEN), since each node keeps them in its own memory.
import { parseArgs } from 'node:util'
import type { AppContext } from '../context.ts'
import { NotFound, PhareError } from '../errors.ts'
import { changeFlag, createFlag, type Actor } from '../services/flags/changes.ts'
import type { Flag } from '../services/flags/evaluate.ts'
import { flagEvents } from '../storage/repos/flags.ts'
import { withContext } from './open.ts'
import { UsageError } from './usage-error.ts'

const CLI: Actor = { accountId: null, name: 'cli' }

const state = (f: Flag) => f.enabled ? `${f.percentage}%` : 'killed'
const line = (f: Flag) => `${f.key.padEnd(32)} ${state(f).padStart(6)}  v${String(f.version).padEnd(4)} allow ${String(f.allowList.length).padStart(3)}  deny ${String(f.denyList.length).padStart(3)}  ${f.description}`
const list = (raw: string | undefined) => raw === undefined ? undefined : raw.split(',').map((s) => s.trim()).filter(Boolean)

async function forFlag(key: string, run: () => Promise<void>): Promise<number> {
  try {
    await run()
    return 0
  } catch (err) {
    if (err instanceof PhareError && err.code === NotFound.code) {
      console.error(`phare: there is no flag ${key} (phare flags list shows them)`)
      return 1
    }
    throw err
  }
}

/** `phare flags list`. */
export async function flagsList(args: string[]): Promise<number> {
  parseArgs({ args, allowPositionals: false, options: {} })
  const flags = await withContext(async (ctx) => ctx.flags.store.all())
  if (flags.length === 0) console.log('No flags yet: phare flags create <key> makes one (at 0%).')
  for (const f of flags) console.log(line(f))
  return 0
}

/** `phare flags create <key> [--description D] [--percentage N] [--allow a,b] [--deny c]`. */
export async function flagsCreate(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: {
    description: { type: 'string' }, percentage: { type: 'string' }, allow: { type: 'string' }, deny: { type: 'string' },
  } })
  if (positionals.length !== 1) throw new UsageError('flags create needs exactly one <key>')
  const percentage = values.percentage === undefined ? undefined : Number(values.percentage)
  const f = await withContext((ctx) => createFlag(ctx, CLI, positionals[0]!, { description: values.description, percentage, allowList: list(values.allow), denyList: list(values.deny) }))
  console.log(`Created ${line(f)}`)
  return 0
}

async function change(key: string, input: Parameters<typeof changeFlag>[3], reason: string | undefined, say: (f: Flag) => string): Promise<number> {
  return forFlag(key, async () => {
    const f = await withContext((ctx) => changeFlag(ctx, CLI, key, input, { reason }))
    console.log(`${say(f!)}; running servers apply it within seconds.`)
  })
}

/** `phare flags stage <key> <percent> [--reason R]`. */
export async function flagsStage(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { reason: { type: 'string' } } })
  if (positionals.length !== 2 || !/^\d{1,3}$/.test(positionals[1]!)) throw new UsageError('flags stage needs <key> and a <percent> from 0 to 100')
  const [key, percent] = positionals as [string, string]
  return change(key, { percentage: Number(percent) }, values.reason, (f) => `${f.key} is now at ${f.percentage}%${f.enabled ? '' : ' (but killed: phare flags revive turns it back on)'}`)
}

/** `phare flags kill <key> [--reason R]`: off for everyone, allow-list included. */
export async function flagsKill(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { reason: { type: 'string' } } })
  if (positionals.length !== 1) throw new UsageError('flags kill needs exactly one <key>')
  return change(positionals[0]!, { enabled: false }, values.reason, (f) => `${f.key} is killed: off for everyone`)
}

/** `phare flags revive <key>`: undoes kill, back to its percentage and lists. */
export async function flagsRevive(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { reason: { type: 'string' } } })
  if (positionals.length !== 1) throw new UsageError('flags revive needs exactly one <key>')
  return change(positionals[0]!, { enabled: true }, values.reason, (f) => `${f.key} is live again at ${f.percentage}%`)
}

/** This node's window figures of a flag from a running server's /metrics, or null when it cannot be read. */
async function liveFigures(url: string, token: string | null, key: string): Promise<string | null> {
  try {
    const res = await fetch(`${url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(3000) })
    if (!res.ok) return null
    const text = await res.text()
    const pick = (name: string, cohort: string) => {
      const m = new RegExp(`^${name}\\{flag="${key.replace(/\./g, '\\.')}",cohort="${cohort}"\\} (\\S+)$`, 'm').exec(text)
      return m ? Number(m[1]) : null
    }
    const one = (c: string) => {
      const n = pick('phare_flag_window_requests', c), e = pick('phare_flag_window_error_ratio', c), p = pick('phare_flag_window_p99_seconds', c)
      return `${c} ${n ?? 0} req, ${e === null ? '-' : `${(e * 100).toFixed(2)}%`} 5xx, p99 ${p === null ? '-' : `${Math.round(p * 1000)} ms`}`
    }
    return `${one('on')} | ${one('off')}`
  } catch { return null }
}

/** `phare flags watch <key> [--url U] [--interval S] [--count N]`: the rollout's state, live figures and events until stopped. */
export async function flagsWatch(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: {
    url: { type: 'string' }, interval: { type: 'string', default: '2' }, count: { type: 'string' },
  } })
  if (positionals.length !== 1) throw new UsageError('flags watch needs exactly one <key>')
  const key = positionals[0]!
  const every = Math.max(0.2, Number(values.interval) || 2) * 1000
  const count = values.count === undefined ? Infinity : Number(values.count)
  return forFlag(key, () => withContext(async (ctx: AppContext) => {
    const url = (values.url ?? `http://${ctx.config.host === '0.0.0.0' || ctx.config.host === '::' ? '127.0.0.1' : ctx.config.host}:${ctx.config.port}`).replace(/\/+$/, '')
    let lastEvent = 0
    for (let i = 0; i < count; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, every))
      await ctx.flags.store.refresh()
      const f = ctx.flags.store.get(key)
      if (!f) throw NotFound()
      const events = (await flagEvents(ctx.db, key, 20)).filter((e) => Number(e.id) > lastEvent).reverse()
      for (const e of events) {
        console.log(`${new Date(Number(e.created_at)).toISOString()} ${e.kind}${e.percentage === null ? '' : ` ${e.percentage}%`} by ${e.actor}${e.reason ? `: ${e.reason}` : ''}`)
        lastEvent = Math.max(lastEvent, Number(e.id))
      }
      const live = await liveFigures(url, ctx.config.metricsToken, key)
      console.log(`${new Date().toISOString()} ${key} ${state(f)} v${f.version}  ${live ?? `(no live figures: ${url}/metrics did not answer)`}`)
    }
  }))
}
