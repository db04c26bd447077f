// The admin's use cases of feature flags (API and web page): list with this node's live
// cohort figures, create, change (stage, kill, lists), and the history of changes.
import type { Viewer } from '../../http/auth.ts'
import type { AppContext } from '../../context.ts'
import type { FlagEventsTable } from '../../storage/schema.ts'
import { flagEvents, usernamesOf } from '../../storage/repos/flags.ts'
import { assertAdmin } from '../admin.ts'
import type { Verdict } from './analysis.ts'
import { changeFlag, createFlag, type Actor, type FlagInput } from './changes.ts'
import type { Flag } from './evaluate.ts'
import { judge } from './rollback.ts'

/** A flag with its current verdict and the usernames of the accounts its lists name. */
export interface FlagReport { flag: Flag; verdict: Verdict; usernames: Map<number, string> }

async function actorOf(ctx: AppContext, viewer: Viewer | null): Promise<Actor> {
  assertAdmin(viewer)
  const names = await usernamesOf(ctx.db, [viewer.accountId])
  return { accountId: viewer.accountId, name: names.get(viewer.accountId) ?? String(viewer.accountId) }
}

async function report(ctx: AppContext, flags: Flag[]): Promise<FlagReport[]> {
  const usernames = await usernamesOf(ctx.db, [...new Set(flags.flatMap((f) => [...f.allowList, ...f.denyList]).map(Number))])
  return flags.map((flag) => ({ flag, verdict: judge(ctx, flag), usernames }))
}

/** Every flag as this node holds it, with its cohorts' figures over the rollback window. */
export async function listFlagsFor(ctx: AppContext, viewer: Viewer | null): Promise<FlagReport[]> {
  assertAdmin(viewer)
  return report(ctx, ctx.flags.store.all())
}

/** Creates a flag as the admin `viewer`. */
export async function createFlagAs(ctx: AppContext, viewer: Viewer | null, key: string, input: FlagInput): Promise<FlagReport> {
  const flag = await createFlag(ctx, await actorOf(ctx, viewer), key, input)
  return (await report(ctx, [flag]))[0]!
}

/** Changes a flag as the admin `viewer` (stage a percentage, kill or revive, lists, description). */
export async function changeFlagAs(ctx: AppContext, viewer: Viewer | null, key: string, input: FlagInput, reason?: string): Promise<FlagReport> {
  const flag = await changeFlag(ctx, await actorOf(ctx, viewer), key, input, { reason })
  return (await report(ctx, [flag!]))[0]!
}

/** The newest changes of one flag or of all (rollbacks with their figures). */
export async function flagEventsFor(ctx: AppContext, viewer: Viewer | null, key: string | null, limit = 50): Promise<FlagEventsTable[]> {
  assertAdmin(viewer)
  return flagEvents(ctx.db, key, limit)
}
