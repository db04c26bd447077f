import { Counter, Gauge, type Registry } from 'prom-client'
import type { Bulkheads } from './index.ts'

const STATES = ['closed', 'open', 'half-open'] as const

/** Adds the bulkheads to a Prometheus registry: each part's breaker state, calls running and calls refused. */
export function registerBulkheadMetrics(registry: Registry, b: Bulkheads): void {
  new Gauge({
    name: 'phare_bulkhead_breaker_state', help: "1 for the state each part's circuit breaker is in", labelNames: ['part', 'state'], registers: [registry],
    collect() { for (const s of b.states()) for (const st of STATES) this.set({ part: s.part, state: st }, s.state === st ? 1 : 0) },
  })
  new Gauge({
    name: 'phare_bulkhead_running', help: 'calls (or held connections) of each part running in this process', labelNames: ['part'], registers: [registry],
    collect() { for (const s of b.states()) this.set({ part: s.part }, s.running) },
  })
  new Counter({
    name: 'phare_bulkhead_refused_total', help: 'calls refused with part_unavailable (breaker open or part saturated), and calls that timed out', labelNames: ['part', 'why'], registers: [registry],
    collect() {
      this.reset()
      for (const s of b.states()) { this.inc({ part: s.part, why: 'refused' }, s.refused); this.inc({ part: s.part, why: 'timed_out' }, s.timed_out) }
    },
  })
}
