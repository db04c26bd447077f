// Slows down password guessing: failed sign-ins are counted per account (the e-mail
// typed, known or not, so the throttle does not reveal which addresses exist) and per
// network address, over a sliding window. Only failures count: a person who signs in
// on the first try is never slowed down. Shared through the database so every node agrees.
import type { AppContext } from '../../context.ts'
import { PhareError, TooManySignInAttempts } from '../../errors.ts'
import { nextId } from '../../ids.ts'

export const SIGN_IN_WINDOW_MS = 15 * 60_000
/** Failures allowed for one account within the window. */
export const MAX_FAILURES_PER_ACCOUNT = 10
/** Failures allowed from one address within the window: higher, as people share addresses behind NAT. */
export const MAX_FAILURES_PER_ADDRESS = 30

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`

/** The key of a network address; IPv6 by /64, since one machine usually holds a whole /64. */
export function addressKey(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip)
  if (v4) return `ip:${v4[1]}`
  if (!ip.includes(':')) return `ip:${ip}`
  const [head, tail = ''] = ip.toLowerCase().split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = ip.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left
  return `ip:${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`
}

/** Milliseconds until this account may try from this address again; 0 when it may try now. */
export async function signInWait(ctx: AppContext, email: string, ip: string, now = Date.now()): Promise<number> {
  const limits = new Map([[accountKey(email), MAX_FAILURES_PER_ACCOUNT], [addressKey(ip), MAX_FAILURES_PER_ADDRESS]])
  const rows = await ctx.db.selectFrom('sign_in_failures').select(['key', 'created_at'])
    .where('key', 'in', [...limits.keys()]).where('created_at', '>', now - SIGN_IN_WINDOW_MS)
    .orderBy('created_at', 'desc').execute()
  let wait = 0
  for (const [key, limit] of limits) {
    const times = rows.filter((r) => r.key === key).map((r) => r.created_at)
    // Allowed again once fewer than `limit` failures remain in the window: when the limit-th newest leaves it.
    if (times.length >= limit) wait = Math.max(wait, times[limit - 1] + SIGN_IN_WINDOW_MS - now)
  }
  return wait
}

/** Counts one failed sign-in against the account and the address; returns the rows' ids. */
export async function recordSignInFailure(ctx: AppContext, email: string, ip: string, now = Date.now()): Promise<number[]> {
  // Rows that left the window count for nothing: dropping them here keeps the table as small as the attack.
  await ctx.db.deleteFrom('sign_in_failures').where('created_at', '<=', now - SIGN_IN_WINDOW_MS).execute()
  const rows = [{ id: nextId(), key: accountKey(email), created_at: now }, { id: nextId(), key: addressKey(ip), created_at: now }]
  await ctx.db.insertInto('sign_in_failures').values(rows).execute()
  return rows.map((r) => r.id)
}

/** After a successful sign-in: forgets the account's failures and un-counts this attempt's rows (`ids`). */
export async function clearSignInFailures(ctx: AppContext, email: string, ids: number[] = []): Promise<void> {
  await ctx.db.deleteFrom('sign_in_failures')
    .where((eb) => ids.length ? eb.or([eb('key', '=', accountKey(email)), eb('id', 'in', ids)]) : eb('key', '=', accountKey(email)))
    .execute()
}

/** The error for a throttled attempt: 429 with the wait in minutes, and `retry_after` seconds for the Retry-After header. */
export function throttledError(waitMs: number): PhareError {
  const seconds = Math.ceil(waitMs / 1000)
  const e = TooManySignInAttempts(Math.max(1, Math.ceil(waitMs / 60_000)))
  return new PhareError(e.code, e.status, e.message, { retry_after: seconds })
}
