import { Counter, Gauge, type Registry } from 'prom-client'
import type { Shedding } from './index.ts'

/** Adds the defence's figures to a Prometheus registry: requests shed and challenged by reason, passes, the pressure level. */
export function registerSheddingMetrics(registry: Registry, s: Shedding): void {
  new Counter({
    name: 'phare_shed_requests_total', help: 'requests refused with 503 under pressure, by priority class (the first shed first)',
    labelNames: ['class'], registers: [registry],
    collect() { this.reset(); for (const [cls, n] of Object.entries(s.stats.shed)) this.inc({ class: cls }, n) },
  })
  new Counter({
    name: 'phare_challenged_requests_total', help: 'anonymous requests answered with a proof-of-work challenge, by reason (operator switch or measured pressure)',
    labelNames: ['reason'], registers: [registry],
    collect() { this.reset(); for (const [reason, n] of Object.entries(s.stats.challenged)) this.inc({ reason }, n) },
  })
  new Counter({
    name: 'phare_challenge_solutions_total', help: 'challenge solutions received: accepted (a pass was issued) or refused',
    labelNames: ['outcome'], registers: [registry],
    collect() { this.reset(); this.inc({ outcome: 'accepted' }, s.stats.passes.issued); this.inc({ outcome: 'refused' }, s.stats.passes.refused) },
  })
  new Gauge({
    name: 'phare_pressure_level', help: 'load-shedding level: 0 serves everyone, 5 refuses all but signed-in writes', registers: [registry],
    collect() { this.set(s.pressure.level()) },
  })
  new Gauge({
    name: 'phare_pressure_event_loop_p99_seconds', help: 'event-loop delay p99 over the last measurement window', registers: [registry],
    collect() { this.set(s.pressure.last().lagP99 / 1000) },
  })
}
