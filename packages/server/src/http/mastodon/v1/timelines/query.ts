// Query-string helpers shared by the timeline endpoints. Mastodon clients write
// booleans as true/false, 1/0 or on, and lists as `any[]=a&any[]=b` or `any=a`.
import { ValidationFailed } from '../../../../errors.ts'

/** Reads a boolean query parameter; absent is false. */
export function flag(q: Record<string, unknown>, name: string): boolean {
  const v = q[name]
  if (v === undefined || v === null || v === '') return false
  if (v === true || v === false) return v
  const s = String(Array.isArray(v) ? v[0] : v).toLowerCase()
  if (['true', '1', 'on', 'yes'].includes(s)) return true
  if (['false', '0', 'off', 'no'].includes(s)) return false
  throw ValidationFailed(name, 'must be true or false')
}

/** Reads a list query parameter (`name[]` or `name`), at most `max` short strings. */
export function stringList(q: Record<string, unknown>, name: string, max = 10): string[] {
  const v = q[name] ?? q[`${name}[]`]
  if (v === undefined || v === null || v === '') return []
  const list = (Array.isArray(v) ? v : [v]).map(String).filter(Boolean)
  if (list.length > max || list.some((s) => s.length > 100)) throw ValidationFailed(name, `must be at most ${max} names of up to 100 characters`)
  return list
}

/** Reads an optional string query parameter. */
export function text(q: Record<string, unknown>, name: string): string | null {
  const v = q[name]
  return typeof v === 'string' && v ? v.slice(0, 100) : null
}
