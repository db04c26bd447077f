// What every value taken from someone else's page goes through before it is stored:
// text made plain and short, URLs made absolute and web-only.

// C0/C1 controls (tab and newlines are whitespace and collapse instead) and the bidi
// overrides that can make a title read backwards next to our own text.
const CONTROLS = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g

/** Plain text for display: controls removed, whitespace collapsed, at most `max` characters (code points) with an ellipsis when cut. */
export function cleanText(raw: string | null | undefined, max: number): string {
  if (!raw) return ''
  const text = raw.replace(CONTROLS, '').replace(/\s+/g, ' ').trim()
  const chars = Array.from(text)
  if (chars.length <= max) return text
  return `${chars.slice(0, max - 1).join('').trimEnd()}…`
}

/** The absolute http(s) URL `raw` points to from `base`, or null for anything else (javascript:, data:, garbage). */
export function webUrl(raw: string | null | undefined, base: string): string | null {
  const text = raw?.trim()
  if (!text) return null
  let u: URL
  try { u = new URL(text, base) } catch { return null }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null
  if (!u.hostname || u.username || u.password) return null
  // Stored and shown: a very long one is noise at best and a storage abuse at worst.
  return u.href.length <= 2048 ? u.href : null
}
