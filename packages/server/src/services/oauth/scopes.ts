// Mastodon's OAuth scopes: the three top-level ones, their granular children, and
// `follow`, the legacy scope that grants the relationship sub-scopes.
export const GRANULAR: Record<string, string[]> = {
  read: ['accounts', 'blocks', 'bookmarks', 'favourites', 'filters', 'follows', 'lists', 'mutes', 'notifications', 'search', 'statuses'],
  write: ['accounts', 'blocks', 'bookmarks', 'conversations', 'favourites', 'filters', 'follows', 'lists', 'media', 'mutes', 'notifications', 'reports', 'statuses'],
  admin: [],
}
const FOLLOW_GRANTS = ['read:blocks', 'write:blocks', 'read:follows', 'write:follows', 'read:mutes', 'write:mutes']
const ADMIN = ['admin:read', 'admin:write', 'admin:read:accounts', 'admin:write:accounts', 'admin:read:reports', 'admin:write:reports']

const KNOWN = new Set<string>([
  'read', 'write', 'follow', 'push', 'profile', ...ADMIN,
  ...GRANULAR.read.map((s) => `read:${s}`), ...GRANULAR.write.map((s) => `write:${s}`),
])

/** Splits a scope string ("read write:statuses" or "read+write") into a list; null if any scope is unknown. */
export function parseScopes(raw: string | undefined | null, fallback = 'read'): string[] | null {
  const list = (raw ?? '').split(/[\s+]+/).filter(Boolean)
  const scopes = list.length ? list : fallback.split(' ')
  return scopes.every((s) => KNOWN.has(s)) ? [...new Set(scopes)] : null
}

/** True when a token holding `granted` may do what `needed` names. */
export function scopeAllows(granted: ReadonlySet<string>, needed: string): boolean {
  if (granted.has(needed)) return true
  const [top, sub] = needed.split(':')
  if (sub && granted.has(top) && top !== 'admin') return true
  if (needed.startsWith('admin:') && granted.has(needed.split(':').slice(0, 2).join(':'))) return true
  if (granted.has('follow') && FOLLOW_GRANTS.includes(needed)) return true
  // `profile` (Mastodon 4.4) lets an app read who signed in and nothing else; read access covers it too.
  if (needed === 'profile') return granted.has('read') || granted.has('read:accounts')
  return false
}

/** True when every requested scope is within what the app registered. */
export function scopesWithin(requested: string[], registered: string[]): boolean {
  const reg = new Set(registered)
  return requested.every((s) => reg.has(s) || scopeAllows(reg, s))
}
