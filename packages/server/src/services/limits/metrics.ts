import { Counter, Gauge, type Registry } from 'prom-client'
import type { Limiter } from './engine.ts'

/** Adds the limits' counters to a Prometheus registry: requests counted, refused and refused in shadow, per policy. */
export function registerLimitMetrics(registry: Registry, limits: Limiter): void {
  new Counter({
    name: 'phare_rate_limit_requests_total',
    help: 'requests (or streaming connections) per rate-limit policy: counted, refused, or that a shadow policy would have refused',
    labelNames: ['policy', 'outcome'],
    registers: [registry],
    collect() {
      this.reset()
      for (const [policy, s] of Object.entries(limits.stats())) {
        this.inc({ policy, outcome: 'counted' }, s.counted)
        this.inc({ policy, outcome: 'refused' }, s.refused)
        this.inc({ policy, outcome: 'shadow_refused' }, s.shadowRefused)
      }
    },
  })
  new Gauge({
    name: 'phare_streaming_connections_held', help: 'streaming connections held by this process under the connection caps', registers: [registry],
    collect() { this.set(limits.heldConnections()) },
  })
}
