// The abuse defence that runs on Phare itself: priority load shedding under measured
// pressure, and a proof-of-work challenge for anonymous traffic (README "Abuse defence").
import type { Logger } from 'pino'
import type { Config } from '../../config.ts'
import { createChallenges, difficultyFor, type Challenges } from './challenge.ts'
import { createPressure, type Pressure } from './pressure.ts'
import { RANKS, type PriorityClass } from './priority.ts'

export const MAX_HELD = 10_000

export type ChallengeReason = 'operator' | 'pressure'

export interface Shedding {
  pressure: Pressure
  challenges: Challenges
  /** Whether a request of this class is refused at the current level. */
  sheds(cls: PriorityClass): boolean
  /** Why anonymous traffic is challenged now, or null when it is not. */
  challengeReason(): ChallengeReason | null
  difficulty(): number
  /**
   * How long an anonymous refusal is held under pressure before it is sent (ms): a flooder waiting
   * for its answers sends that much less, and a held request costs a timer, not CPU.
   */
  tarpitMs: number
  /** Requests held now; beyond MAX_HELD refusals go out at once. */
  held: number
  /** Counts for /metrics. */
  stats: { shed: Record<PriorityClass, number>; challenged: Record<ChallengeReason, number>; passes: { issued: number; refused: number } }
  stop(): void
}

/** The defence for one server: its pressure gauge, its challenge secret and its counters. */
export function createShedding(config: Config, log: Logger, secret: Buffer): Shedding {
  const pressure = createPressure({
    lagMs: config.shedLagMs,
    onChange: (from, to, s) => log.warn({ from, to, lagP99Ms: Math.round(s.lagP99), lagMeanMs: Math.round(s.lagMean), loopBusy: Number(s.elu.toFixed(2)), inFlight: s.inFlight },
      `pressure level ${from} → ${to}: ${to > from ? 'shedding more' : 'shedding less'} (README "Abuse defence")`),
  })
  const zero = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>
  return {
    pressure,
    challenges: createChallenges(secret),
    sheds: (cls) => config.shedding && pressure.level() >= RANKS[cls],
    challengeReason() {
      if (config.challenge === 'on') return 'operator'
      return config.challenge === 'auto' && pressure.level() >= 1 ? 'pressure' : null
    },
    difficulty: () => difficultyFor(pressure.level()),
    tarpitMs: 1000,
    held: 0,
    stats: { shed: zero(Object.keys(RANKS) as PriorityClass[]), challenged: zero(['operator', 'pressure'] as const), passes: { issued: 0, refused: 0 } },
    stop: () => pressure.stop(),
  }
}
