// Every change of a flag goes through here, whoever makes it (an admin through the API, the
// operator through the CLI, the automatic rollback): the write is conditional on the version
// read, an event records who and why, and every node is told.
import type { AppContext } from '../../context.ts'
import { FlagChanged, FlagExists, NotFound, ValidationFailed } from '../../errors.ts'
import type { FlagEventsTable } from '../../storage/schema.ts'
import { flagByKey, idsOfUsernames, insertFlag, insertFlagEvent, updateFlagAt, usernamesOf } from '../../storage/repos/flags.ts'
import type { Flag } from './evaluate.ts'
import { toFlag } from './store.ts'

/** Who changes a flag: a person (their account), the CLI's operator or the automatic rollback (no account). */
export interface Actor { accountId: number | null; name: string }

/** The parts of a flag a change may set. Lists hold account ids or usernames (with or without @). */
export interface FlagInput {
  description?: string
  enabled?: boolean
  percentage?: number
  allowList?: string[]
  denyList?: string[]
}

const KEY = /^[a-z0-9][a-z0-9._-]{0,99}$/
const MAX_LIST = 1000

/** Turns account ids and usernames into the ids of existing local accounts; unknown entries are a 422. */
async function resolveList(ctx: AppContext, field: string, entries: string[]): Promise<string[]> {
  if (entries.length > MAX_LIST) throw ValidationFailed(field, `has more than ${MAX_LIST} entries`)
  const ids = new Set<number>(), names: string[] = []
  for (const raw of entries) {
    const e = raw.trim().replace(/^@/, '')
    if (/^\d{1,16}$/.test(e)) ids.add(Number(e))
    else if (/^[\p{L}\p{N}_.-]{1,100}$/u.test(e)) names.push(e.toLowerCase())
    else throw ValidationFailed(field, `has "${raw}", which is neither an account id nor a username`)
  }
  const byName = await idsOfUsernames(ctx.db, names)
  const known = await usernamesOf(ctx.db, [...ids])
  for (const id of ids) if (!known.has(id)) throw ValidationFailed(field, `names account ${id}, which does not exist`)
  for (const n of names) {
    const id = byName.get(n)
    if (id === undefined) throw ValidationFailed(field, `names @${n}, who has no account here`)
    ids.add(id)
  }
  return [...ids].sort((a, b) => a - b).map(String)
}

function checkInput(input: FlagInput): void {
  const p = input.percentage
  if (p !== undefined && !(Number.isInteger(p) && p >= 0 && p <= 100)) throw ValidationFailed('percentage', 'must be a whole number from 0 to 100')
  if (input.description !== undefined && input.description.length > 1000) throw ValidationFailed('description', 'is longer than 1000 characters')
}

/** Creates a flag (off, 0%, unless the input says otherwise) and records it. */
export async function createFlag(ctx: AppContext, actor: Actor, key: string, input: FlagInput): Promise<Flag> {
  if (!KEY.test(key)) throw ValidationFailed('key', 'must be 1-100 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit')
  checkInput(input)
  const allow = await resolveList(ctx, 'allow_list', input.allowList ?? [])
  const deny = await resolveList(ctx, 'deny_list', input.denyList ?? [])
  const now = Date.now()
  const row = {
    key, description: input.description ?? '', kind: 'boolean' as const, enabled: input.enabled === false ? 0 : 1, percentage: input.percentage ?? 0,
    allow_list: JSON.stringify(allow), deny_list: JSON.stringify(deny), version: 1, created_at: now, updated_at: now,
  }
  await ctx.transact(async (trx) => {
    if (!await insertFlag(trx, row)) throw FlagExists(key)
    await insertFlagEvent(trx, { flag_key: key, kind: 'created', percentage: row.percentage, actor_account_id: actor.accountId, actor: actor.name, reason: '', figures: null, created_at: now })
  })
  await ctx.flags.store.announce(key)
  return toFlag(row)
}

/** What kind of event a change is, the most telling first. */
function kindOf(before: Flag, input: FlagInput): FlagEventsTable['kind'] {
  if (input.enabled === false && before.enabled) return 'killed'
  if (input.enabled === true && !before.enabled) return 'revived'
  if (input.percentage !== undefined && input.percentage !== before.percentage) return 'staged'
  if (input.allowList !== undefined || input.denyList !== undefined) return 'lists'
  return 'updated'
}

/**
 * Changes a flag. With `expectVersion` the change applies only to that version (the rollback
 * judged it): null is returned when someone else changed it first. Without it, a concurrent
 * change is retried on the fresh row; a change that changes nothing records nothing.
 */
export async function changeFlag(ctx: AppContext, actor: Actor, key: string, input: FlagInput,
  o: { reason?: string; expectVersion?: number; kind?: FlagEventsTable['kind']; figures?: unknown } = {}): Promise<Flag | null> {
  checkInput(input)
  const allow = input.allowList && await resolveList(ctx, 'allow_list', input.allowList)
  const deny = input.denyList && await resolveList(ctx, 'deny_list', input.denyList)
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await flagByKey(ctx.db, key)
    if (!row) throw NotFound()
    const before = toFlag(row)
    if (o.expectVersion !== undefined && before.version !== o.expectVersion) return null
    const after: Flag = {
      ...before,
      description: input.description ?? before.description,
      enabled: input.enabled ?? before.enabled,
      percentage: input.percentage ?? before.percentage,
      allowList: allow ?? before.allowList,
      denyList: deny ?? before.denyList,
    }
    const same = after.description === before.description && after.enabled === before.enabled && after.percentage === before.percentage
      && after.allowList.join() === before.allowList.join() && after.denyList.join() === before.denyList.join()
    if (same) return before
    const now = Date.now()
    after.version = before.version + 1
    after.updatedAt = now
    const written = await ctx.transact(async (trx) => {
      const ok = await updateFlagAt(trx, key, before.version, {
        description: after.description, enabled: after.enabled ? 1 : 0, percentage: after.percentage,
        allow_list: JSON.stringify(after.allowList), deny_list: JSON.stringify(after.denyList), version: after.version, updated_at: now,
      })
      if (!ok) return false
      await insertFlagEvent(trx, {
        flag_key: key, kind: o.kind ?? kindOf(before, input), percentage: after.percentage, actor_account_id: actor.accountId, actor: actor.name,
        reason: o.reason ?? '', figures: o.figures === undefined ? null : JSON.stringify(o.figures), created_at: now,
      })
      return true
    })
    if (written) {
      await ctx.flags.store.announce(key)
      return after
    }
    if (o.expectVersion !== undefined) return null
  }
  throw FlagChanged(key)
}
