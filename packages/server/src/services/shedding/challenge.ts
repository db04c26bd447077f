// The proof-of-work challenge: the server hands out a signed puzzle (no state kept), the
// client finds a suffix whose SHA-256 starts with `difficulty` zero bits, and a solved
// puzzle buys a signed pass for an hour. Both are bound to the client's address (its /64
// for IPv6), so one solution cannot be shared by a botnet; a solution is accepted once.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { isIPv6 } from 'node:net'

export const PASS_TTL_MS = 3600_000
export const CHALLENGE_TTL_MS = 5 * 60_000
export const BASE_DIFFICULTY = 14
export const MAX_DIFFICULTY = 20

export interface Challenge { token: string; difficulty: number; expiresAt: number }

/** The part of an address a pass is bound to: the whole IPv4 address, an IPv6 /64. */
export function addressScope(ip: string): string {
  if (!isIPv6(ip) || ip.startsWith('::ffff:')) return ip.replace(/^::ffff:/, '')
  const full = ip.includes('::')
    ? (() => { const [a, b] = ip.split('::'); const l = a ? a.split(':') : []; const r = b ? b.split(':') : []; return [...l, ...Array(8 - l.length - r.length).fill('0'), ...r] })()
    : ip.split(':')
  return full.slice(0, 4).map((x) => x.padStart(4, '0').toLowerCase()).join(':') + '::/64'
}

/** Leading zero bits of a digest. */
export function zeroBits(digest: Buffer): number {
  let bits = 0
  for (const byte of digest) {
    if (byte === 0) { bits += 8; continue }
    return bits + Math.clz32(byte) - 24
  }
  return bits
}

/** Whether `solution` solves `token` at `difficulty` (the client's side, in Node: see solve()). */
export function solves(token: string, solution: string, difficulty: number): boolean {
  return zeroBits(createHash('sha256').update(`${token}:${solution}`).digest()) >= difficulty
}

/** Finds a solution by brute force: what a non-browser client runs. */
export function solve(token: string, difficulty: number): string {
  for (let i = 0; ; i++) if (solves(token, String(i), difficulty)) return String(i)
}

/** The difficulty for a pressure level: harder as the server is more saturated. */
export function difficultyFor(level: number): number {
  return Math.min(MAX_DIFFICULTY, BASE_DIFFICULTY + 2 * Math.max(0, level - 1))
}

export function createChallenges(secret: Buffer) {
  const sign = (text: string) => createHmac('sha256', secret).update(text).digest('base64url').slice(0, 32)
  const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))
  const scopeTag = (ip: string) => sign(`addr:${addressScope(ip)}`).slice(0, 12)
  // Solutions already used, until their puzzle expires: each costs work to add, so the map stays small.
  const used = new Map<string, number>()

  return {
    /** A new puzzle for this address. */
    issue(ip: string, difficulty: number, now = Date.now()): Challenge {
      const expiresAt = now + CHALLENGE_TTL_MS
      const body = `c1.${difficulty}.${expiresAt}.${randomBytes(9).toString('base64url')}.${scopeTag(ip)}`
      return { token: `${body}.${sign(body)}`, difficulty, expiresAt }
    },
    /** Checks a solution; returns a pass (cookie value) or the reason it is refused. */
    redeem(ip: string, token: string, solution: string, now = Date.now()): { pass: string; expiresAt: number } | { refused: string } {
      const parts = token.split('.')
      if (parts.length !== 6 || parts[0] !== 'c1') return { refused: 'is not a challenge of this server' }
      const [, d, exp, , tag, mac] = parts as [string, string, string, string, string, string]
      if (!same(mac, sign(parts.slice(0, 5).join('.')))) return { refused: 'is not a challenge of this server' }
      if (Number(exp) < now) return { refused: 'has expired; fetch a new one' }
      if (tag !== scopeTag(ip)) return { refused: 'was issued to another network address' }
      if (solution.length > 64 || !solves(token, solution, Number(d))) return { refused: 'is not solved by this solution' }
      for (const [k, until] of used) if (until < now) used.delete(k)
      if (used.has(token)) return { refused: 'has already been solved once; fetch a new one' }
      used.set(token, Number(exp))
      const expiresAt = now + PASS_TTL_MS
      const body = `p1.${expiresAt}.${scopeTag(ip)}`
      return { pass: `${body}.${sign(body)}`, expiresAt }
    },
    /** Whether a pass (cookie value) is genuine, unexpired and for this address. */
    validPass(ip: string, pass: string | undefined, now = Date.now()): boolean {
      if (!pass) return false
      const parts = pass.split('.')
      if (parts.length !== 4 || parts[0] !== 'p1') return false
      return same(parts[3]!, sign(parts.slice(0, 3).join('.'))) && Number(parts[1]) > now && parts[2] === scopeTag(ip)
    },
  }
}

export type Challenges = ReturnType<typeof createChallenges>
