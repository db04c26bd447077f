// Probe rounds: every journey that is due runs (in parallel), the results are stored, the
// components move by their thresholds, and incidents follow.
import type { StatusDb } from './db.ts'
import { prune } from './db.ts'
import type { StatusConfig } from './config.ts'
import { COMPONENTS, combine, next, type Component, type State, type Tracked, type Verdict } from './components.ts'
import { JOURNEYS } from './journeys.ts'
import { notReached, runJourney, type JourneySpec, type StepOutcome } from './journey-run.ts'
import { ensureAccount, forgetAccount } from './account.ts'
import { classify, tcpReachable } from './probe-http.ts'
import { followMaintenance, followProbes, followReports } from './incidents.ts'
import { lastReportAt, pruneReports, reportRise } from './reports.ts'

export interface RoundResult { round: number; at: number; offline: boolean; journeys: { spec: JourneySpec; outcomes: StepOutcome[]; skippedWhy: string | null }[] }

/** The components' current states. */
export function componentStates(db: StatusDb): Map<Component, Tracked> {
  const rows = db.prepare('SELECT * FROM components').all() as (Tracked & { name: Component })[]
  const m = new Map<Component, Tracked>()
  for (const c of COMPONENTS) {
    const r = rows.find((x) => x.name === c)
    m.set(c, r ? { state: r.state, since: r.since, fails: r.fails, passes: r.passes, slows: r.slows } : { state: 'unknown', since: Date.now(), fails: 0, passes: 0, slows: 0 })
  }
  return m
}

/**
 * Whether this machine, not the target, is cut off: a step found no route, or the target
 * did not answer while every control endpoint (PHARE_STATUS_CONTROL) was unreachable too.
 * A refused connection with working controls (or none configured) is the target's fault.
 */
export async function cutOff(cfg: StatusConfig, outcomes: StepOutcome[]): Promise<boolean> {
  const net = outcomes.filter((o) => o.kind === 'down' || o.kind === 'offline')
  if (net.length === 0) return false
  if (cfg.control.length === 0) return net.some((o) => o.kind === 'offline')
  const reachable = await Promise.all(cfg.control.map((c) => tcpReachable(c)))
  return !reachable.some(Boolean)
}

function verdictOf(o: StepOutcome): Verdict | null {
  if (o.result === 'skipped') return null
  if (o.result === 'fail' && o.spec.soft) return 'slow'
  return o.result
}

/** Runs one round and records it; returns what happened. */
export async function runRound(db: StatusDb, cfg: StatusConfig, round: number, lastSlow: { at: number }): Promise<RoundResult> {
  const at = Date.now()
  const slowDue = at - lastSlow.at >= cfg.slowEveryS * 1000
  if (slowDue) lastSlow.at = at
  const due = JOURNEYS.filter((j) => !j.slow || slowDue)
  const journeys: RoundResult['journeys'] = []
  let account
  try { account = await ensureAccount(db, cfg) } catch (e) {
    const why = classify(e)
    for (const spec of due) journeys.push({ spec, outcomes: spec.steps.map((s) => ({ ...notReached(s, why), error: `probe account: ${why.message}` })), skippedWhy: null })
  }
  if (account) {
    const acct = account
    await Promise.all(due.map(async (spec) => {
      const off = spec.disabled?.(cfg) ?? null
      if (off) { journeys.push({ spec, outcomes: spec.steps.map((s) => ({ spec: s, result: 'unknown', ms: 0, error: off, kind: null })), skippedWhy: off }); return }
      journeys.push({ spec, outcomes: await runJourney(spec, { cfg, account: acct }), skippedWhy: null })
    }))
    // A refused token means the target's data was reset: make a new account next round.
    if (journeys.some((j) => j.outcomes.some((o) => o.error?.includes('HTTP 401')))) forgetAccount(db, cfg)
  }
  const all = journeys.flatMap((j) => j.outcomes)
  const offline = await cutOff(cfg, all)
  if (offline) {
    for (const o of all) if (o.result === 'fail' && (o.kind === 'down' || o.kind === 'offline')) { o.result = 'unknown'; o.error = `this machine seems to have no network: ${o.error}` }
  }
  record(db, cfg, round, at, journeys)
  return { round, at, offline, journeys }
}

function record(db: StatusDb, cfg: StatusConfig, round: number, at: number, journeys: RoundResult['journeys']): void {
  const now = Date.now()
  const day = new Date(at).toISOString().slice(0, 10)
  db.transaction(() => {
    const insStep = db.prepare('INSERT INTO steps (at, round, journey, step, component, result, ms, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    const insJourney = db.prepare('INSERT INTO journeys (at, round, journey, result, ms, error) VALUES (?, ?, ?, ?, ?, ?)')
    const verdicts = new Map<Component, Verdict[]>()
    for (const { spec, outcomes } of journeys) {
      for (const o of outcomes) {
        insStep.run(at, round, spec.name, o.spec.name, o.spec.component, o.result, o.ms, o.error)
        const v = verdictOf(o)
        if (v) verdicts.set(o.spec.component, [...(verdicts.get(o.spec.component) ?? []), v])
      }
      const worst = outcomes.some((o) => o.result === 'fail') ? 'fail' : outcomes.some((o) => o.result === 'slow') ? 'slow'
        : outcomes.every((o) => o.result === 'unknown') ? 'unknown' : outcomes.some((o) => o.result === 'skipped' || o.result === 'unknown') ? 'fail' : 'pass'
      insJourney.run(at, round, spec.name, worst, outcomes.reduce((s, o) => s + o.ms, 0), outcomes.find((o) => o.error)?.error ?? null)
    }
    const states = componentStates(db)
    const upsert = db.prepare('INSERT INTO components (name, state, since, fails, passes, slows) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET state = excluded.state, since = excluded.since, fails = excluded.fails, passes = excluded.passes, slows = excluded.slows')
    const dayRow = db.prepare('INSERT INTO component_days (component, day, total, bad, unknown) VALUES (?, ?, 1, ?, ?) ON CONFLICT (component, day) DO UPDATE SET total = total + 1, bad = bad + excluded.bad, unknown = unknown + excluded.unknown')
    for (const [c, vs] of verdicts) {
      const v = combine(vs)
      const t = next(states.get(c)!, v, now)
      states.set(c, t)
      upsert.run(c, t.state, t.since, t.fails, t.passes, t.slows)
      dayRow.run(c, day, v === 'fail' ? 1 : 0, v === 'unknown' ? 1 : 0)
    }
    followProbes(db, new Map([...states].map(([c, t]) => [c, { state: t.state as State, since: t.since }])), now, 3 * cfg.intervalS * 1000)
    followReports(db, reportRise(db, now, cfg.reportBurst), lastReportAt(db), now, 30 * 60_000)
    followMaintenance(db, now)
    if (round % 100 === 0) { prune(db, now); pruneReports(db, now) }
  })()
}

/** Runs rounds every interval until stopped; rounds never overlap. */
export function startRunner(db: StatusDb, cfg: StatusConfig, log: (msg: string) => void): { stop(): Promise<void> } {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let current: Promise<unknown> = Promise.resolve()
  let round = 0
  const lastSlow = { at: 0 }
  const tick = () => {
    if (stopped) return
    const started = Date.now()
    current = runRound(db, cfg, ++round, lastSlow).catch((e: Error) => log(`probe round failed: ${e.stack ?? e.message}`)).finally(() => {
      if (!stopped) timer = setTimeout(tick, Math.max(0, started + cfg.intervalS * 1000 - Date.now()))
    })
  }
  tick()
  return { async stop() { stopped = true; clearTimeout(timer); await current } }
}
