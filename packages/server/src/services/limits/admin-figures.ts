// What an admin sees of the limits and the abuse defence (issue 7, "Admin view"): each
// policy with what it counted and refused, and the defence's shedding, challenges and
// pressure. Figures are this node's since it started, as /metrics reports them; a
// Prometheus server adds up the nodes.
import type { AppContext } from '../../context.ts'
import type { Viewer } from '../../http/auth.ts'
import { assertAdmin } from '../admin.ts'
import type { Shedding } from '../shedding/index.ts'
import { MAX_LEVEL } from '../shedding/pressure.ts'
import { RANKS } from '../shedding/priority.ts'

const startedAt = new Date().toISOString()

/** The figures of this node; only an admin may read them. */
export function defenceFigures(ctx: AppContext, viewer: Viewer | null, shedding: Shedding) {
  assertAdmin(viewer)
  const stats = ctx.limits.stats()
  const last = shedding.pressure.last()
  return {
    since: startedAt,
    store: ctx.config.redisUrl ? 'redis' : 'memory',
    policies: ctx.limits.policies.map((p) => {
      const s = stats[p.name] ?? { counted: 0, refused: 0, shadowRefused: 0 }
      return {
        name: p.name, groups: p.groups, key: p.key, who: p.who, kind: p.kind, limit: p.limit, window_s: p.windowS,
        shadow: p.shadow, plan: p.plan ?? null, why: p.why,
        counted: s.counted, refused: s.refused, shadow_refused: s.shadowRefused,
      }
    }),
    streaming_connections_held: ctx.limits.heldConnections(),
    shedding: {
      enabled: ctx.config.shedding,
      level: shedding.pressure.level(),
      max_level: MAX_LEVEL,
      lag_threshold_ms: ctx.config.shedLagMs,
      event_loop: { lag_p99_ms: Math.round(last.lagP99), busy: Number(last.elu.toFixed(2)), in_flight: last.inFlight },
      // In the order they are shed: the first class goes at level 1.
      classes: Object.entries(RANKS).map(([name, level]) => ({ name, from_level: level, shed: shedding.stats.shed[name as keyof typeof RANKS] })),
      held: shedding.held,
    },
    challenge: {
      mode: ctx.config.challenge,
      active: shedding.challengeReason(),
      difficulty: shedding.difficulty(),
      challenged: { ...shedding.stats.challenged },
      passes: { ...shedding.stats.passes },
    },
  }
}
