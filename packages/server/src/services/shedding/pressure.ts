// How saturated this process is, as a level from 0 (fine) to MAX_LEVEL (shed everything
// but the last class). Measured, not counted: the event loop's delay (p99 and mean over a
// short window) says long turns block it; a loop busy all the time (its utilisation) while
// requests take long says requests queue for the CPU; requests that take very long while
// many are in flight say the database (or its pool) is saturated. A fixed request count
// would be wrong on every machine but one.
//
// Hysteresis: a level is raised after a full second of overload and lowered only after
// several calm seconds (a loop still busy all the time is not calm: the flood is still
// there, only refused cheaply); a level raised again soon after it was lowered needs twice
// as long to be lowered the next time, so a flood that shedding holds back does not flap.
import { monitorEventLoopDelay } from 'node:perf_hooks'

export const MAX_LEVEL = 5

/** One window's measurements. */
export interface Sample {
  /** event-loop delay over the window, ms */
  lagP99: number
  lagMean: number
  /** share of the window the event loop was busy, 0 to 1 */
  elu: number
  /** requests in flight at the end of the window (long-lived streams excluded) */
  inFlight: number
  /** requests that ended during the window, and the 90th percentile of their durations (ms) */
  completed: number
  durationP90: number
  /** of those, the ones refused (shed or challenged) */
  refused: number
}

export interface GaugeOptions {
  /** event-loop p99 (ms) above which a window is overloaded */
  lagMs: number
  /** consecutive overloaded windows before the level goes up */
  raiseAfter?: number
  /** consecutive calm windows before the level goes down (doubled after each relapse, up to 8×) */
  lowerAfter?: number
}

/** Requests this long, with this many in flight, mean they wait for something (the database pool) rather than the CPU. */
const SLOW_MS = 1500
const SLOW_IN_FLIGHT = 32
/** A loop busier than this while requests take over `lagMs / 2` means they queue for the CPU… */
const BUSY = 0.9
/** …when they arrive at least this fast (per window): a test or a person's burst never does for a whole second. */
const QUEUE_MIN_COMPLETED = 40

/** The level state machine, fed one sample per window: pure, so its hysteresis can be tested. */
export function createGauge(o: GaugeOptions) {
  const raiseAfter = o.raiseAfter ?? 5
  const baseLower = o.lowerAfter ?? 15
  let level = 0
  let over = 0
  let calm = 0
  let lowerAfter = baseLower
  let lastLoweredAt = -Infinity
  let windows = 0
  return {
    level: () => level,
    /** Feeds one window; returns the level after it. */
    feed(s: Sample): number {
      windows++
      const busy = s.inFlight + s.completed > 0
      const lagOver = s.lagP99 > o.lagMs || s.lagMean > o.lagMs / 2
      // Under a flood the loop reads many sockets per turn: turns grow long (the mean delay) before any request looks slow.
      const queueOver = s.elu > BUSY && s.completed >= QUEUE_MIN_COMPLETED && (s.lagMean > o.lagMs / 8 || s.durationP90 > o.lagMs / 2)
      const workOver = s.inFlight >= SLOW_IN_FLIGHT && s.durationP90 > SLOW_MS
      // Refusals still coming in mean the flood is still there, only held back.
      const isCalm = s.refused * 5 <= s.completed && s.lagP99 < o.lagMs / 2 && s.lagMean < o.lagMs / 4 && s.elu < 0.85 && (s.durationP90 < o.lagMs / 4 || s.inFlight < 4)
      if (busy && (lagOver || queueOver || workOver)) {
        over++
        calm = 0
        // A relapse right after lowering goes back up at once, and the next lowering waits longer.
        const relapse = windows - lastLoweredAt <= lowerAfter
        const severe = s.lagP99 > o.lagMs * 4 || (queueOver && (s.durationP90 > o.lagMs * 2 || s.lagMean > o.lagMs))
        // When most requests are already refused, refusing more frees little: the level stays (people's reads are not shed for nothing).
        const futile = s.refused * 2 > s.completed
        if (level < MAX_LEVEL && !futile && (over >= raiseAfter || (relapse && over >= 1) || (severe && over >= 2))) {
          if (relapse) lowerAfter = Math.min(lowerAfter * 2, baseLower * 8)
          level++
          over = 0
          lastLoweredAt = -Infinity
        }
      } else {
        over = 0
        if (isCalm || !busy) calm++
        if (level > 0 && calm >= lowerAfter) {
          level--
          calm = 0
          lastLoweredAt = windows
        }
        // A long calm forgets past relapses.
        if (level === 0 && calm >= baseLower * 8) lowerAfter = baseLower
      }
      return level
    },
  }
}

export interface Pressure {
  /** 0 when fine, up to MAX_LEVEL */
  level(): number
  /** Counts a request in flight; call the returned function once when it ends, saying whether it was refused (its time, held on purpose, is not counted). */
  begin(): (refused: boolean) => void
  /** The last window's measurements, for /metrics. */
  last(): Sample
  /** TEST ONLY: forces a level (null gives control back to the measurements). */
  force(level: number | null): void
  stop(): void
}

const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return 0
  const sorted = xs.sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

/** Samples this process every `windowMs` and feeds the gauge; the timer does not keep the process alive. */
export function createPressure(o: GaugeOptions & { windowMs?: number; onChange?: (from: number, to: number, s: Sample) => void }): Pressure {
  const gauge = createGauge(o)
  const histogram = monitorEventLoopDelay({ resolution: 10 })
  histogram.enable()
  let inFlight = 0
  let completed = 0
  let durations: number[] = []
  let forced: number | null = null
  let refused = 0
  let last: Sample = { lagP99: 0, lagMean: 0, elu: 0, inFlight: 0, completed: 0, durationP90: 0, refused: 0 }
  let utilisation = performance.eventLoopUtilization()
  const timer = setInterval(() => {
    // The histogram counts delay beyond its resolution's own sleep: subtract it back out.
    const ms = (ns: number) => Math.max(0, ns / 1e6 - 10)
    const elu = performance.eventLoopUtilization(utilisation)
    utilisation = performance.eventLoopUtilization()
    // No delay sampled at all: one turn held the loop for the whole window.
    const windowMs = o.windowMs ?? 200
    last = {
      lagP99: histogram.count ? ms(histogram.percentile(99)) : windowMs,
      lagMean: histogram.count ? ms(histogram.mean) : windowMs,
      elu: elu.utilization,
      inFlight, completed, durationP90: quantile(durations, 0.9), refused,
    }
    refused = 0
    histogram.reset()
    completed = 0
    durations = []
    const before = gauge.level()
    gauge.feed(last)
    if (gauge.level() !== before) o.onChange?.(before, gauge.level(), last)
  }, o.windowMs ?? 200)
  timer.unref()
  return {
    level: () => forced ?? gauge.level(),
    begin() {
      inFlight++
      const start = performance.now()
      let done = false
      return (wasRefused) => {
        if (done) return
        done = true
        inFlight--
        completed++
        if (wasRefused) refused++
        else if (durations.length < 2000) durations.push(performance.now() - start)
      }
    },
    last: () => last,
    force(level) { forced = level },
    stop() { clearInterval(timer); histogram.disable() },
  }
}
