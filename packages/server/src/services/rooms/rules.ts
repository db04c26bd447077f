// The pure rules of rooms: limits and input validation, shared by the services.
import { ValidationFailed } from '../../errors.ts'

export const TITLE_MAX = 100
export const DESCRIPTION_MAX = 1000
export const TOPICS_MAX = 3
/** Everyone on stage (host and co-hosts included): what the SFU mixes. */
export const STAGE_MAX = 13
export const COHOSTS_MAX = 2
export const SCHEDULE_MAX_MS = 30 * 24 * 3_600_000
/** Reactions a listener may send: a short list, so the live stream cannot carry arbitrary text. */
export const REACTIONS = ['💜', '😂', '👏', '💯', '😢', '🙏', '✋', '👋', '🔥'] as const

const TOPIC = /^[\p{L}\p{N}_]{1,30}$/u

/** Title, description and topics trimmed and checked; throws 422 naming the field. */
export function validateRoomText(input: { title?: unknown; description?: unknown; topics?: unknown }): { title: string; description: string; topics: string[] } {
  const title = typeof input.title === 'string' ? input.title.trim() : ''
  if (!title) throw ValidationFailed('title', "can't be blank")
  if ([...title].length > TITLE_MAX) throw ValidationFailed('title', `is longer than ${TITLE_MAX} characters`)
  const description = typeof input.description === 'string' ? input.description.trim() : ''
  if ([...description].length > DESCRIPTION_MAX) throw ValidationFailed('description', `is longer than ${DESCRIPTION_MAX} characters`)
  const raw = input.topics == null ? [] : input.topics
  if (!Array.isArray(raw)) throw ValidationFailed('topics', 'must be a list of tags')
  const topics = [...new Set(raw.map((t) => (typeof t === 'string' ? t.trim().replace(/^#/, '') : '')))]
  if (topics.length > TOPICS_MAX) throw ValidationFailed('topics', `has more than ${TOPICS_MAX} tags`)
  if (topics.some((t) => !TOPIC.test(t))) throw ValidationFailed('topics', 'must be tags of letters, digits and _ (at most 30)')
  return { title, description, topics }
}

/** The start time of a scheduled room in ms, or null for a room that starts now; it must be in the future and within 30 days. */
export function parseSchedule(raw: unknown, now: number): number | null {
  if (raw == null || raw === '') return null
  const at = typeof raw === 'string' ? Date.parse(raw) : Number.NaN
  if (!Number.isFinite(at)) throw ValidationFailed('scheduled_at', 'is not an ISO 8601 time')
  if (at <= now) throw ValidationFailed('scheduled_at', 'must be in the future')
  if (at > now + SCHEDULE_MAX_MS) throw ValidationFailed('scheduled_at', 'must be within 30 days')
  return at
}

/** The emoji if it is an allowed reaction. */
export function validateReaction(raw: unknown): string {
  if (typeof raw !== 'string' || !(REACTIONS as readonly string[]).includes(raw)) throw ValidationFailed('emoji', `must be one of ${REACTIONS.join(' ')}`)
  return raw
}
