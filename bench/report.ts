// The benchmark's one output: a markdown table with each figure beside its target.
import type { LoadResult } from './load.ts'
import type { FanoutResult } from './fanout.ts'
import type { Seeded } from './seed.ts'
import { quantile } from './fanout.ts'
import type { Memory } from './processes.ts'

export interface Report {
  dialect: string
  quick: boolean
  seconds: number
  connections: number
  readers: number
  seeded: Seeded
  home: LoadResult | string
  bare: LoadResult | string
  creates: LoadResult | string
  fanout: FanoutResult | string
  fanoutThreshold: number
  memory: { idle: Mem; afterReads: Mem; end: Mem; bare: Mem | null }
  jobsBacklog: number
  /** seconds after the post burst until no job was due; null when it took over 120 s */
  drainSeconds: number | null
}
type Mem = Memory

const n = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
const mb = (mib: number) => `${n(mib * 1.048576)} MB`
const verdict = (ok: boolean | null) => (ok === null ? 'n/a' : ok ? 'PASS' : 'FAIL')
const rate = (r: LoadResult) => `${n(r.ok)}/s (p50 ${n(r.p50)} ms, p99 ${n(r.p99)} ms${r.non2xx ? `, ${n(r.non2xx)} non-2xx` : ''}${r.errors ? `, ${n(r.errors)} errors` : ''}${r.cpuMs !== null ? `; server CPU ${n(r.cpuMs, 3)} ms each` : ''})`

/** Prints the results table on stdout. */
export function printReport(r: Report): void {
  const rows: [string, string, string, string][] = []
  const s = r.seeded
  rows.push(['data set', `${n(s.rows.accounts)} accounts, ${n(s.rows.follows)} follows, ${n(s.rows.statuses)} posts, ${n(s.rows.homeFeed)} home_feed rows`, '10,000 accounts, 1,000,000 posts', r.quick ? 'quick' : ''])
  rows.push(['seeding time', `${n(s.seconds, 1)} s`, '< 300 s', verdict(s.seconds < 300)])

  const load = `${r.connections} connections, ${r.seconds} s, ${n(r.readers)} accounts' tokens`
  if (typeof r.home === 'string' || typeof r.bare === 'string') {
    rows.push(['home timeline reads/s', String(r.home), '≥ 50% of bare', 'n/a'])
  } else {
    rows.push([`home timeline reads/s (GET /api/v1/timelines/home?limit=20, warm, ${load})`, rate(r.home), '', ''])
    rows.push(['bare Fastify route, same bytes from memory', rate(r.bare), '', ''])
    const ratio = r.home.ok / r.bare.ok
    rows.push(['home reads ÷ bare', `${n(ratio * 100, 1)} %`, '≥ 50 %', verdict(ratio >= 0.5)])
    // Rates move with whatever else runs on the machine; CPU per request much less.
    if (r.home.cpuMs !== null && r.bare.cpuMs !== null) {
      rows.push(['for comparison: bare ÷ home in server CPU per request', `${n((r.bare.cpuMs / r.home.cpuMs) * 100, 1)} %`, '', ''])
    }
  }

  if (typeof r.creates === 'string') rows.push(['post creates/s acknowledged', r.creates, '≥ 1,000/s', 'n/a'])
  else rows.push([`post creates/s acknowledged (POST /api/v1/statuses, ${load}, durable)`, rate(r.creates), '≥ 1,000/s', verdict(r.creates.ok >= 1000 && r.creates.errors === 0)])

  const fanoutLabel = `fan-out latency: @${s.star.username} with ${n(s.star.followers)} followers posts, until in every follower's home_feed (fan-out ON: PHARE_FANOUT_MAX_FOLLOWERS=${n(r.fanoutThreshold)})`
  if (typeof r.fanout === 'string') rows.push([fanoutLabel, r.fanout, 'p99 < 1 s', 'n/a'])
  else {
    const f = r.fanout
    const p99 = f.incomplete ? Infinity : quantile(f.samples, 0.99)
    const detail = f.error ? ` — stopped: ${f.error}` : ''
    rows.push([`${fanoutLabel}, ${f.samples.length + f.incomplete} posts`,
      `p50 ${n(quantile(f.samples, 0.5))} ms, p99 ${f.incomplete ? `∞ (${f.incomplete} never completed)` : `${n(p99)} ms`}, max ${n(Math.max(...f.samples, 0))} ms; author's own home: ${f.authorRow ? 'yes' : 'no'}${detail}`,
      'p99 < 1 s', verdict(!f.error && f.samples.length > 0 && p99 < 1000)])
  }

  const m = r.memory
  const both = (x: Mem) => `${mb(x.rss)} (${mb(x.anon)} anon)`
  rows.push(['server RSS: idle / after reads / at end', `${both(m.idle)} / ${both(m.afterReads)} / ${both(m.end)}`, '', ''])
  rows.push(['server peak RSS (VmHWM) over the whole run', mb(m.end.peak), '< 400 MB', verdict(m.end.peak * 1.048576 < 400)])
  if (m.bare) rows.push(['for comparison: peak RSS of the bare Fastify process', mb(m.bare.peak), '', ''])
  rows.push(['jobs due right after the post burst (fan-out, notifications: they give way to requests)', n(r.jobsBacklog), '', ''])
  if (r.jobsBacklog > 0) rows.push(['time for those jobs to catch up once the burst ended', r.drainSeconds === null ? 'over 120 s' : `${n(r.drainSeconds, 1)} s`, '', ''])

  const out = [
    `\nPhare core benchmark — ${r.dialect}${r.quick ? ' (--quick data set: targets are for the full one)' : ''}, ${new Date().toISOString()}\n`,
    '| measure | result | target | verdict |',
    '|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
  ]
  console.log(out.join('\n'))
}
