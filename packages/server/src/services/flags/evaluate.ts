// The one rule of who gets a flag: pure, so every node answers the same for the same person.
import { createHash } from 'node:crypto'

/** A flag as every node holds it in memory (the flags table, parsed). */
export interface Flag {
  key: string
  description: string
  kind: 'boolean'
  /** false is the kill switch: off for everyone */
  enabled: boolean
  /** 0-100: the share of subjects whose bucket puts them in the 'on' cohort */
  percentage: number
  /** account ids (as strings) that always get the flag, unless it is killed */
  allowList: string[]
  /** account ids that never get it */
  denyList: string[]
  version: number
  createdAt: number
  updatedAt: number
}

/** Why a subject got what it got (OpenFeature's resolution reasons, where one fits). */
export type Reason = 'DISABLED' | 'TARGETING_MATCH' | 'SPLIT' | 'DEFAULT'

/** Buckets per flag: a percentage is compared at 0.01% resolution. */
export const BUCKETS = 10_000

/**
 * The bucket (0..9999) of a subject for a flag: the hash of both, so that raising the
 * percentage only adds people (nobody flips back) and each flag splits people differently.
 */
export function bucketOf(flagKey: string, subject: string): number {
  return createHash('sha256').update(`${flagKey}\u0000${subject}`).digest().readUInt32BE(0) % BUCKETS
}

/**
 * Whether `subject` gets the flag: kill switch → off; deny-list → off; allow-list → on; else its
 * bucket against the percentage. `accountId` is null for an anonymous request (lists never match it).
 */
export function evaluate(flag: Flag, subject: string | null, accountId: string | null): { on: boolean; reason: Reason } {
  if (!flag.enabled) return { on: false, reason: 'DISABLED' }
  if (accountId !== null && flag.denyList.includes(accountId)) return { on: false, reason: 'TARGETING_MATCH' }
  if (accountId !== null && flag.allowList.includes(accountId)) return { on: true, reason: 'TARGETING_MATCH' }
  if (subject === null) return { on: false, reason: 'DEFAULT' }
  if (flag.percentage <= 0) return { on: false, reason: 'SPLIT' }
  if (flag.percentage >= 100) return { on: true, reason: 'SPLIT' }
  return { on: bucketOf(flag.key, subject) < flag.percentage * (BUCKETS / 100), reason: 'SPLIT' }
}

/** The subject a request is bucketed by: its account, or for an anonymous request a hash of its address. */
export function subjectOf(accountId: number | null, ip: string | null): string | null {
  if (accountId !== null) return `account:${accountId}`
  if (ip) return `ip:${createHash('sha256').update(ip).digest('hex').slice(0, 16)}`
  return null
}
