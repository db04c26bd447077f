// The rules of a poll's options and duration, as Mastodon's PollOptionsValidator and PollExpirationValidator apply them.
import type { Config } from '../../config.ts'
import { ValidationFailed } from '../../errors.ts'
import { graphemeLength } from '../statuses/length.ts'

export interface PollInput {
  options: string[]
  /** seconds */
  expiresIn: number
  multiple?: boolean | null
  hideTotals?: boolean | null
}

/** Mastodon's bounds: at least five minutes, at most a month. */
export const POLL_MIN_SECONDS = 300
export const POLL_MAX_SECONDS = 2_629_746

/** Validates a poll and returns its options trimmed. */
export function validatePoll(config: Pick<Config, 'pollMaxOptions' | 'pollMaxCharsPerOption'>, p: PollInput): string[] {
  const options = p.options.map((o) => o.trim())
  if (options.length < 2) throw ValidationFailed('poll.options', 'must have at least 2 options')
  if (options.length > config.pollMaxOptions) throw ValidationFailed('poll.options', `must have at most ${config.pollMaxOptions} options`)
  if (options.some((o) => o === '')) throw ValidationFailed('poll.options', "can't be blank")
  if (options.some((o) => graphemeLength(o) > config.pollMaxCharsPerOption)) {
    throw ValidationFailed('poll.options', `cannot be longer than ${config.pollMaxCharsPerOption} characters each`)
  }
  if (new Set(options).size !== options.length) throw ValidationFailed('poll.options', 'cannot contain duplicate items')
  if (!Number.isInteger(p.expiresIn) || p.expiresIn < POLL_MIN_SECONDS) throw ValidationFailed('poll.expires_in', 'must be at least 5 minutes')
  if (p.expiresIn > POLL_MAX_SECONDS) throw ValidationFailed('poll.expires_in', 'must be at most one month')
  return options
}
