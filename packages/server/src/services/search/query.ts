// Understanding what someone typed in the search box. Pure functions.

/** What a search query names. */
export type ParsedQuery =
  | { kind: 'account'; username: string; exact: boolean }
  | { kind: 'remote-account' }
  | { kind: 'status-url'; statusId: number }
  | { kind: 'other-url' }
  | { kind: 'text'; text: string }

/**
 * Parses a query against this server's domain and public URL: `@alice`, `alice@ourdomain`
 * and profile URLs name a local account; `bob@elsewhere` a remote one (not searchable
 * until federation); a post's URL names that post; anything else is free text.
 */
export function parseQuery(raw: string, domain: string, publicUrl: string): ParsedQuery {
  const q = raw.trim()
  if (/^https?:\/\//i.test(q)) {
    let url: URL
    try { url = new URL(q) } catch { return { kind: 'other-url' } }
    if (url.origin !== new URL(publicUrl).origin) return { kind: 'other-url' }
    const post = /^\/(?:@[^/]+|users\/[^/]+\/statuses)\/(\d{1,16})\/?$/.exec(url.pathname)
    if (post) return { kind: 'status-url', statusId: Number(post[1]) }
    const profile = /^\/(?:@|users\/)([^/]+)\/?$/.exec(url.pathname)
    if (profile) return { kind: 'account', username: decodeURIComponent(profile[1]), exact: true }
    return { kind: 'other-url' }
  }
  const handle = /^@?([\p{L}\p{N}_.-]+)@([^@\s]+)$/u.exec(q)
  if (handle) {
    return handle[2].toLowerCase() === domain.toLowerCase() ? { kind: 'account', username: handle[1], exact: false } : { kind: 'remote-account' }
  }
  const at = /^@([\p{L}\p{N}_.-]+)$/u.exec(q)
  if (at) return { kind: 'account', username: at[1], exact: false }
  return { kind: 'text', text: q }
}

/** Escapes a LIKE pattern's wildcards and makes it a prefix match (used with ESCAPE '\'). */
export const likePrefix = (s: string) => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
