import { hash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { DB } from '../storage/db.ts'
import type { Caches } from '../storage/cache/index.ts'
import { AccountPending, AccountUnconfirmed, ScopeMissing, TokenRequired, Unauthorized } from '../errors.ts'
import { scopeAllows } from '../services/oauth/scopes.ts'

/** Who is calling: the account (null for an app-only token), the app, and what the token may do. */
export interface Viewer {
  accountId: number | null
  userId: number | null
  appId: number
  tokenId: number
  scopes: ReadonlySet<string>
  role: 'user' | 'moderator' | 'admin' | null
}

/** A viewer that is known to be a signed-in person, not an app-only token. */
export type UserViewer = Viewer & { accountId: number; userId: number }

declare module 'fastify' {
  interface FastifyRequest { viewer: Viewer | null }
}

// One-shot hashing: about half the cost of a createHash() object, and it runs on every request.
export const hashToken = (token: string) => hash('sha256', token, 'hex')

/** Finds the bearer token of a request: Authorization header, or access_token in the query (Mastodon accepts both). */
export function tokenOf(req: FastifyRequest): string | null {
  const h = req.headers.authorization
  if (h) {
    const m = /^Bearer\s+(\S+)$/i.exec(h)
    return m ? m[1] : null
  }
  const q = (req.query as Record<string, unknown> | undefined)?.access_token
  return typeof q === 'string' && q ? q : null
}

/** Authentication: resolves tokens to viewers and guards routes by scope. */
export function createAuth(db: DB, cache: Caches) {
  // A person's token whose account may not act yet says why (403), rather than looking invalid (401).
  // Valid tokens are kept in memory: revocation, password resets and account changes drop them (cache.changed).
  async function lookup(token: string): Promise<Viewer | 'pending' | 'unconfirmed' | null> {
    const hash = hashToken(token)
    const hit = cache.tokens.get(hash)
    if (hit) return hit
    const mark = cache.tokens.mark()
    const row = await db.selectFrom('access_tokens as t')
      .leftJoin('users as u', 'u.account_id', 't.account_id')
      .leftJoin('accounts as a', 'a.id', 't.account_id')
      .select(['t.id', 't.account_id', 't.app_id', 't.scopes', 'u.id as user_id', 'u.role', 'u.approved', 'u.confirmed', 'a.suspended'])
      .where('t.token_hash', '=', hash).where('t.revoked', '=', 0)
      .executeTakeFirst()
    if (!row) return null
    if (row.account_id !== null && (!row.user_id || row.suspended)) return null
    if (row.account_id !== null && !row.confirmed) return 'unconfirmed'
    if (row.account_id !== null && !row.approved) return 'pending'
    const viewer: Viewer = {
      accountId: row.account_id, userId: row.user_id ?? null, appId: row.app_id, tokenId: row.id,
      scopes: new Set(row.scopes.split(' ')), role: row.role ?? null,
    }
    cache.tokens.set(hash, Object.freeze(viewer), mark)
    return viewer
  }

  /** The viewer behind a token; null for an invalid token or an account that may not act (yet). */
  async function viewerFor(token: string): Promise<Viewer | null> {
    const v = await lookup(token)
    return typeof v === 'string' ? null : v
  }

  async function resolve(req: FastifyRequest): Promise<Viewer | null> {
    const token = tokenOf(req)
    if (!token) return null
    const viewer = await lookup(token)
    if (viewer === 'pending') throw AccountPending()
    if (viewer === 'unconfirmed') throw AccountUnconfirmed()
    if (!viewer) throw Unauthorized()
    return viewer
  }

  return {
    viewerFor,
    /** Sets req.viewer when a token is given (an invalid token is still a 401); anonymous otherwise. */
    optional() {
      return async (req: FastifyRequest, _reply: FastifyReply) => { req.viewer = await resolve(req) }
    },
    /** Requires a person's token holding `scope`. */
    require(scope: string) {
      return async (req: FastifyRequest, _reply: FastifyReply) => {
        const viewer = await resolve(req)
        if (!viewer || viewer.accountId === null) throw TokenRequired()
        if (!scopeAllows(viewer.scopes, scope)) throw ScopeMissing(scope)
        req.viewer = viewer
      }
    },
    /** Requires any valid token (an app-only token is enough) holding `scope` when given. */
    requireApp(scope?: string) {
      return async (req: FastifyRequest, _reply: FastifyReply) => {
        const viewer = await resolve(req)
        if (!viewer) throw Unauthorized()
        if (scope && !scopeAllows(viewer.scopes, scope)) throw ScopeMissing(scope)
        req.viewer = viewer
      }
    },
  }
}

export type Auth = ReturnType<typeof createAuth>

/** The viewer of a route guarded by `auth.require`: always a person. */
export function userOf(req: FastifyRequest): UserViewer {
  const v = req.viewer
  if (!v || v.accountId === null || v.userId === null) throw TokenRequired()
  return v as UserViewer
}
