// Which plan an app is on, read on every third-party request: kept in memory for a short
// while, so a change made by an admin (CLI, another process) takes effect within TTL_MS.
import type { AppContext } from '../../context.ts'
import type { DB } from '../../storage/db.ts'
import { NotFound, ValidationFailed } from '../../errors.ts'
import { planNamed, type Plan } from './plan.ts'

const TTL_MS = 5000

/** What plans need to know of an app: first-party (trusted) apps have no plan. */
export interface AppPlanRow { trusted: boolean; plan: string | null; developerApp: boolean }

const caches = new WeakMap<DB, Map<number, { row: AppPlanRow | null; until: number }>>()

function cacheOf(db: DB) {
  let c = caches.get(db)
  if (!c) { c = new Map(); caches.set(db, c) }
  return c
}

async function rowOf(ctx: AppContext, appId: number, now: number): Promise<AppPlanRow | null> {
  const cache = cacheOf(ctx.db)
  const hit = cache.get(appId)
  if (hit && hit.until > now) return hit.row
  const r = await ctx.db.selectFrom('apps').select(['trusted', 'plan', 'owner_account_id']).where('id', '=', appId).executeTakeFirst()
  const row = r ? { trusted: Boolean(r.trusted), plan: r.plan, developerApp: r.owner_account_id !== null } : null
  if (cache.size > 50_000) cache.clear()
  cache.set(appId, { row, until: now + TTL_MS })
  return row
}

/**
 * The plan a request of this app is checked against: that of an app a developer registered on
 * the developer page (the default plan until an admin changes it), or of any app an admin put
 * on a plan. Null for first-party apps (trusted), and for the apps Mastodon clients register for
 * themselves (POST /api/v1/apps, one per install, acting for the person who signs in): like the
 * web app, those meet only the per-person limits, so no one's own client is ever refused for
 * an API plan reason.
 */
export async function planOfApp(ctx: AppContext, appId: number, now = Date.now()): Promise<Plan | null> {
  const row = await rowOf(ctx, appId, now)
  if (!row || row.trusted) return null
  if (!row.developerApp && row.plan === null) return null
  return planNamed(ctx.config.plans, row.plan)
}

async function appByClientId(ctx: AppContext, clientId: string) {
  const app = await ctx.db.selectFrom('apps').select(['id', 'name', 'plan', 'trusted']).where('client_id', '=', clientId).executeTakeFirst()
  if (!app) throw NotFound()
  return app
}

/** Puts an app on a plan (an admin's decision). */
export async function setAppPlan(ctx: AppContext, clientId: string, plan: string): Promise<{ name: string; before: string }> {
  if (!ctx.config.plans.plans.some((p) => p.name === plan)) throw ValidationFailed('plan', `must be one of ${ctx.config.plans.plans.map((p) => p.name).join(', ')}`)
  const app = await appByClientId(ctx, clientId)
  await ctx.db.updateTable('apps').set({ plan }).where('id', '=', app.id).execute()
  cacheOf(ctx.db).delete(app.id)
  return { name: app.name, before: app.plan ?? ctx.config.plans.defaultPlan }
}

/** Marks an app first-party (trusted: no plan, no consent screen) or not. */
export async function setAppTrusted(ctx: AppContext, clientId: string, trusted: boolean): Promise<{ name: string }> {
  const app = await appByClientId(ctx, clientId)
  await ctx.db.updateTable('apps').set({ trusted: trusted ? 1 : 0 }).where('id', '=', app.id).execute()
  cacheOf(ctx.db).delete(app.id)
  return { name: app.name }
}
