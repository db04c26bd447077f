// The small text conversions of the room pages (pure, unit-tested in parse.test.ts).

/** The post id in a pasted post URL (`…/@alice/123`, `…/statuses/123`) or a bare id. */
export function statusIdFrom(input: string): string | null {
  const s = input.trim()
  if (/^\d+$/.test(s)) return s
  const m = /\/(?:@[^/]+|statuses|notice)\/(\d+)\/?(?:[?#].*)?$/.exec(s)
  return m ? m[1] : null
}

/** "2 d 03:04:05" / "03:04:05" until `ms` from now; never negative. */
export function countdownText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  const d = Math.floor(s / 86_400)
  const hms = [Math.floor(s / 3600) % 24, Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, '0')).join(':')
  return d ? `${d} d ${hms}` : hms
}

/** A Date as the value of an <input type="datetime-local"> (local time, to the minute). */
export function localInputValue(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`
}

/** Topics from what was typed: split on commas and spaces, without '#', no duplicates. */
export function topicsFrom(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((t) => t.replace(/^#+/, '').trim()).filter(Boolean))]
}
