// Mastodon pagination: max_id / since_id / min_id / limit, and the Link header
// that tells a client where the next and previous pages are.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from '@sinclair/typebox'
import { parseId } from '../ids.ts'
import { ValidationFailed } from '../errors.ts'

/** Query-string schema for paginated endpoints (ids are strings of digits, as clients send them). */
export const PageQuery = Type.Object({
  max_id: Type.Optional(Type.String({ maxLength: 30 })),
  since_id: Type.Optional(Type.String({ maxLength: 30 })),
  min_id: Type.Optional(Type.String({ maxLength: 30 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
}, { additionalProperties: true })

export interface Page {
  /** only items with a key strictly below this */
  maxId: number | null
  /** only items with a key strictly above this, newest first (gap-filling from the top) */
  sinceId: number | null
  /** only items with a key strictly above this, the ones just above it first (reading forward) */
  minId: number | null
  limit: number
}

function idParam(raw: unknown, name: string): number | null {
  if (raw === undefined || raw === null || raw === '') return null
  const id = parseId(raw)
  if (id === null) throw ValidationFailed(name, 'is not a valid id')
  return id
}

/** Reads the page parameters; `limit` is clamped to [1, max] as Mastodon does. */
export function parsePage(q: Record<string, unknown>, defaultLimit = 20, maxLimit = 40): Page {
  const rawLimit = q.limit === undefined ? defaultLimit : Number(q.limit)
  const limit = Number.isFinite(rawLimit) ? Math.min(Math.max(Math.trunc(rawLimit), 1), maxLimit) : defaultLimit
  return { maxId: idParam(q.max_id, 'max_id'), sinceId: idParam(q.since_id, 'since_id'), minId: idParam(q.min_id, 'min_id'), limit }
}

/** True when the page reads forward from min_id: the query must sort ascending, then the result is reversed. */
export const readsForward = (p: Page) => p.minId !== null

/** The lower bound (exclusive) of a page, from since_id or min_id. */
export const lowerBound = (p: Page) => Math.max(p.sinceId ?? -1, p.minId ?? -1)

/**
 * Applies a page to a Kysely query on a numeric key column. The rows come back newest
 * first in every case (a min_id page is fetched ascending and reversed here).
 */
export function pageQuery<QB extends { where: any; orderBy: any; limit: any }>(qb: QB, column: string, p: Page): QB {
  let q: any = qb
  if (p.maxId !== null) q = q.where(column, '<', p.maxId)
  const low = lowerBound(p)
  if (low >= 0) q = q.where(column, '>', low)
  return q.orderBy(column, readsForward(p) ? 'asc' : 'desc').limit(p.limit)
}

/** Puts rows fetched by pageQuery back in newest-first order. */
export function newestFirst<T>(p: Page, rows: T[]): T[] {
  return readsForward(p) ? rows.slice().reverse() : rows
}

/**
 * Sets the Link header for a page whose items' keys (newest first) are given.
 * `next` continues to older items (max_id), `prev` to newer ones (min_id).
 * With `hasMore: false` (a page shorter than its limit) `next` is left out, as Mastodon
 * does, so a client's paginator stops without fetching an empty page.
 */
export function setLinkHeader(req: FastifyRequest, reply: FastifyReply, keys: (number | string)[], publicUrl: string, opts: { hasMore?: boolean } = {}): void {
  const value = linkHeader(req.url, keys, publicUrl, opts)
  if (value) reply.header('Link', value)
}

/** The Link header value for a page requested at `requestUrl` (path and query), or null for an empty page. */
export function linkHeader(requestUrl: string, keys: (number | string)[], publicUrl: string, opts: { hasMore?: boolean } = {}): string | null {
  if (keys.length === 0) return null
  const url = new URL(requestUrl, publicUrl)
  const path = `${publicUrl}${url.pathname}`
  const keep = new URLSearchParams()
  for (const [k, v] of url.searchParams) if (!['max_id', 'since_id', 'min_id', 'access_token'].includes(k)) keep.append(k, v)
  const link = (param: string, value: string | number) => {
    const q = new URLSearchParams(keep)
    q.set(param, String(value))
    return `${path}?${q.toString()}`
  }
  const prev = `<${link('min_id', keys[0])}>; rel="prev"`
  return opts.hasMore === false ? prev : `<${link('max_id', keys[keys.length - 1])}>; rel="next", ${prev}`
}
