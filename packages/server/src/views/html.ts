/** Escapes text for safe inclusion in HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/** ISO 8601 with milliseconds, as Mastodon writes times. */
export const iso = (ms: number) => new Date(ms).toISOString()
