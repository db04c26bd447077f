// The developer page's rules: a person's own apps (registered there), their plan and
// usage, and the plans of this server.
import type { AppContext } from '../../context.ts'
import type { UserViewer } from '../../http/auth.ts'
import { NotFound } from '../../errors.ts'
import { parseId } from '../../ids.ts'
import type { AppsTable } from '../../storage/schema.ts'
import { createApp, type NewApp } from '../oauth/apps.ts'
import { planNamed, type Plan } from './plan.ts'
import { dailyUsage } from './usage.ts'

const MAX_APPS = 50

/** An app of its owner, with its plan (null for a first-party app, on which no plan applies). */
export interface DeveloperApp { app: AppsTable; plan: Plan | null; secret: string | null }

const withPlan = (ctx: AppContext, app: AppsTable, secret: string | null): DeveloperApp =>
  ({ app, plan: app.trusted ? null : planNamed(ctx.config.plans, app.plan), secret })

/** The apps the person registered on the developer page, newest first. */
export async function listDeveloperApps(ctx: AppContext, viewer: UserViewer): Promise<DeveloperApp[]> {
  const apps = await ctx.db.selectFrom('apps').selectAll().where('owner_account_id', '=', viewer.accountId)
    .orderBy('id', 'desc').limit(MAX_APPS).execute()
  return apps.map((a) => withPlan(ctx, a, null))
}

/** Registers an app owned by the person; its secret is returned this once. */
export async function registerDeveloperApp(ctx: AppContext, viewer: UserViewer, input: NewApp): Promise<DeveloperApp> {
  const app = await createApp(ctx, input, viewer.accountId)
  return withPlan(ctx, app, app.client_secret)
}

/** Requests per day of one of the person's apps, the last 14 days; someone else's app is a 404. */
export async function developerAppUsage(ctx: AppContext, viewer: UserViewer, rawId: string) {
  const id = parseId(rawId)
  if (id === null) throw NotFound()
  const app = await ctx.db.selectFrom('apps').select(['id']).where('id', '=', id).where('owner_account_id', '=', viewer.accountId).executeTakeFirst()
  if (!app) throw NotFound()
  return dailyUsage(ctx, app.id, 14)
}

/** The plans of this server, in order, and the one new apps get. */
export function planTable(ctx: AppContext) {
  return ctx.config.plans
}
