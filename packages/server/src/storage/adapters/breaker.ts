// A circuit breaker for one lane of background jobs: after a run of failures the lane is
// left alone for a cooldown instead of burning attempts (and slots) on a dependency that
// is down; then one trial job tells whether it is back. Pure: the clock is passed in.

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  failures: number
  /** How long an opened breaker refuses work before it lets one trial through. */
  cooldownMs: number
  /** Each failed trial doubles the cooldown, up to this (default 5 minutes). */
  maxCooldownMs?: number
}

export type BreakerState = 'closed' | 'open' | 'half-open'

/** Given to each job that starts; its outcome counts only if the breaker has not changed state since. */
export interface Ticket { readonly generation: number }

export interface Breaker {
  /** The state now (an open breaker whose cooldown has passed reads as half-open). */
  state(): BreakerState
  /** How many jobs may start now: unlimited when closed, one trial when half-open and none is out, else none. */
  allowance(): number
  /** Records a job start; null when the breaker does not allow one now. */
  start(): Ticket | null
  succeeded(ticket: Ticket): void
  failed(ticket: Ticket): void
  snapshot(): { state: BreakerState; consecutiveFailures: number; reopensAt: number | null }
}

/** A closed breaker; `onChange` hears every state change, the move to half-open when it is first observed. */
export function createBreaker(o: BreakerOptions, now: () => number = Date.now, onChange?: (state: BreakerState) => void): Breaker {
  if (!(o.failures >= 1) || !(o.cooldownMs >= 0)) throw new Error('breaker needs failures >= 1 and cooldownMs >= 0')
  const maxCooldown = Math.max(o.maxCooldownMs ?? 300_000, o.cooldownMs)
  let state: BreakerState = 'closed'
  let failures = 0
  let cooldown = o.cooldownMs
  let reopensAt = 0
  let trialOut = false
  // Bumped on every change, so outcomes of jobs started before it (a straggler that was
  // running when the breaker opened) neither close nor reopen it.
  let generation = 0

  function move(to: BreakerState) {
    state = to
    generation++
    trialOut = false
    onChange?.(to)
  }
  function open() {
    reopensAt = now() + cooldown
    move('open')
  }
  function current(): BreakerState {
    if (state === 'open' && now() >= reopensAt) move('half-open')
    return state
  }

  return {
    state: current,
    allowance() {
      const s = current()
      return s === 'closed' ? Infinity : s === 'half-open' && !trialOut ? 1 : 0
    },
    start() {
      const s = current()
      if (s === 'open' || (s === 'half-open' && trialOut)) return null
      if (s === 'half-open') trialOut = true
      return { generation }
    },
    succeeded(t) {
      if (t.generation !== generation) return
      failures = 0
      if (state === 'half-open') {
        cooldown = o.cooldownMs
        move('closed')
      }
    },
    failed(t) {
      if (t.generation !== generation) return
      failures++
      if (state === 'half-open') {
        cooldown = Math.min(cooldown * 2, maxCooldown)
        open()
      } else if (failures >= o.failures) {
        open()
      }
    },
    snapshot() {
      const s = current()
      return { state: s, consecutiveFailures: failures, reopensAt: s === 'open' ? reopensAt : null }
    },
  }
}
