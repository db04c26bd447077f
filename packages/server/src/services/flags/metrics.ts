import { Counter, Gauge, type Registry } from 'prom-client'
import type { Flags } from './index.ts'

/** Adds the flags' figures to a Prometheus registry: each flag's rollout, and each cohort's requests, 5xx and window. */
export function registerFlagMetrics(registry: Registry, flags: Flags, windowS: number): void {
  new Gauge({
    name: 'phare_flag_rollout_percent', help: "share of people in a flag's 'on' cohort (0 when killed)", labelNames: ['flag'], registers: [registry],
    collect() { this.reset(); for (const f of flags.store.all()) this.set({ flag: f.key }, f.enabled ? f.percentage : 0) },
  })
  new Counter({
    name: 'phare_flag_requests_total', help: 'requests that evaluated a flag, by flag, cohort and outcome (error: a 5xx answer), on this node',
    labelNames: ['flag', 'cohort', 'outcome'], registers: [registry],
    collect() {
      this.reset()
      for (const [flag, c] of flags.windows.lifetime()) {
        for (const cohort of ['on', 'off'] as const) {
          this.inc({ flag, cohort, outcome: 'ok' }, c[cohort].requests - c[cohort].errors)
          this.inc({ flag, cohort, outcome: 'error' }, c[cohort].errors)
        }
      }
    },
  })
  const windowed = (name: string, help: string, pick: (f: ReturnType<Flags['windows']['figures']>['on']) => number | null) => new Gauge({
    name, help: `${help}, over the rollback window (${windowS} s) on this node`, labelNames: ['flag', 'cohort'], registers: [registry],
    collect() {
      this.reset()
      for (const f of flags.store.all()) {
        const fig = flags.windows.figures(f.key)
        for (const cohort of ['on', 'off'] as const) { const v = pick(fig[cohort]); if (v !== null) this.set({ flag: f.key, cohort }, v) }
      }
    },
  })
  windowed('phare_flag_window_requests', "requests in a flag's cohort", (f) => f.requests)
  windowed('phare_flag_window_error_ratio', "share of 5xx answers in a flag's cohort", (f) => f.errorRate)
  windowed('phare_flag_window_p99_seconds', "p99 latency of a flag's cohort", (f) => f.p99Ms === null ? null : f.p99Ms / 1000)
  new Counter({
    name: 'phare_flag_rollbacks_total', help: 'flags this node returned to 0% automatically', labelNames: ['flag'], registers: [registry],
    collect() { this.reset(); for (const [flag, n] of flags.rollbacks) this.inc({ flag }, n) },
  })
}
