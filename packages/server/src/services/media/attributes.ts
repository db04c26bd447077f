// The parts of an attachment a person writes: alt text and focus point. One validation,
// used by the upload, PUT /media/:id and the media_attributes of a post edit.
import { ValidationFailed } from '../../errors.ts'

/** Mastodon's limit for alt text. */
export const DESCRIPTION_MAX = 1500

/** Trimmed alt text, or a 422 when too long. */
export function parseDescription(raw: unknown): string {
  if (raw === undefined || raw === null) return ''
  if (typeof raw !== 'string') throw ValidationFailed('description', 'must be text')
  const text = raw.trim()
  if ([...text].length > DESCRIPTION_MAX) throw ValidationFailed('description', `is too long (at most ${DESCRIPTION_MAX} characters)`)
  return text
}

/** "x,y" with both in -1..1 (Mastodon's focal point: 0,0 is the centre, 1,1 the top right). */
export function parseFocus(raw: unknown): { x: number; y: number } {
  if (raw === undefined || raw === null || raw === '') return { x: 0, y: 0 }
  const parts = typeof raw === 'string' ? raw.split(',') : []
  const [x, y] = parts.map((p) => Number(p.trim()))
  if (parts.length !== 2 || !Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x!) > 1 || Math.abs(y!) > 1) {
    throw ValidationFailed('focus', 'must be two numbers between -1.0 and 1.0 separated by a comma, like "0.5,-0.25"')
  }
  return { x: x!, y: y! }
}
