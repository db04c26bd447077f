// Figures about this server that the instance, activity and NodeInfo endpoints publish.
import { sql } from 'kysely'
import type { AppContext } from '../../context.ts'

const DAY = 86_400_000
const WEEK = 7 * DAY

/** Local accounts that are not suspended and may sign in. */
export async function userCount(ctx: AppContext): Promise<number> {
  const r = await ctx.db.selectFrom('users').innerJoin('accounts', 'accounts.id', 'users.account_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('accounts.suspended', '=', 0).where('users.approved', '=', 1)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/**
 * People active since `since`: they posted, or one of their tokens was issued or used.
 * Tokens stand in for sign-ins, which Phare does not record separately.
 */
export async function activeUsers(ctx: AppContext, since: number): Promise<number> {
  const r = await ctx.db.selectFrom((eb) => eb.selectFrom('statuses').select('account_id').where('created_at', '>=', since)
    .union(eb.selectFrom('access_tokens').select((t) => t.fn.coalesce('account_id', sql.lit(0)).as('account_id'))
      .where((w) => w.or([w('created_at', '>=', since), w('last_used_at', '>=', since)])))
    .as('active'))
    .innerJoin('accounts', 'accounts.id', 'active.account_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('accounts.suspended', '=', 0)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** Local posts that are not deleted (reposts included, as Mastodon counts them). */
export async function localPostCount(ctx: AppContext): Promise<number> {
  const r = await ctx.db.selectFrom('statuses').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('deleted_at', 'is', null).executeTakeFirstOrThrow()
  return Number(r.n)
}

/** The usage figures NodeInfo and the instance endpoints show. */
export async function usage(ctx: AppContext, now = Date.now()) {
  // Behind a flag (README "Feature flags and rollouts"): the four counts one after the other hold
  // one pooled PostgreSQL connection instead of four, at the price of latency the rollout measures.
  if (await ctx.flags.isOn(USAGE_SEQUENTIAL)) {
    return { total: await userCount(ctx), activeMonth: await activeUsers(ctx, now - 30 * DAY), activeHalfyear: await activeUsers(ctx, now - 180 * DAY), localPosts: await localPostCount(ctx) }
  }
  const [total, activeMonth, activeHalfyear, localPosts] = await Promise.all([
    userCount(ctx), activeUsers(ctx, now - 30 * DAY), activeUsers(ctx, now - 180 * DAY), localPostCount(ctx),
  ])
  return { total, activeMonth, activeHalfyear, localPosts }
}

/** The flag that counts usage figures one query at a time. */
export const USAGE_SEQUENTIAL = 'instance.usage-sequential'

/** One week of Mastodon's instance activity: counts as strings, the week as a UNIX time string. */
export interface ActivityWeek { week: string; statuses: string; logins: string; registrations: string }

/** Start of the week (Monday 00:00 UTC) that contains `ms`. */
export function weekStart(ms: number): number {
  const d = new Date(ms)
  d.setUTCHours(0, 0, 0, 0)
  return d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY
}

/** Posts, sign-ins and sign-ups per week for the last `weeks` weeks, newest first. */
export async function activity(ctx: AppContext, weeks = 12, now = Date.now()): Promise<ActivityWeek[]> {
  const start = weekStart(now) - (weeks - 1) * WEEK
  // Literals, not parameters: PostgreSQL only matches a GROUP BY expression to the selected one when they are identical.
  const bucket = (col: string) => sql<number>`(${sql.ref(col)} - ${sql.lit(start)}) / ${sql.lit(WEEK)}`
  const lastSeen = sql<number>`coalesce(last_used_at, created_at)`
  const [posts, signups, logins] = await Promise.all([
    ctx.db.selectFrom('statuses').select([bucket('created_at').as('b'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('created_at', '>=', start).where('deleted_at', 'is', null).groupBy(bucket('created_at')).execute(),
    ctx.db.selectFrom('users').select([bucket('created_at').as('b'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('created_at', '>=', start).groupBy(bucket('created_at')).execute(),
    ctx.db.selectFrom('access_tokens').select([sql<number>`(${lastSeen} - ${sql.lit(start)}) / ${sql.lit(WEEK)}`.as('b'), (eb) => eb.fn.count<number>('account_id').distinct().as('n')])
      .where('account_id', 'is not', null).where(lastSeen, '>=', start)
      .groupBy(sql`(${lastSeen} - ${sql.lit(start)}) / ${sql.lit(WEEK)}`).execute(),
  ])
  const at = (rows: { b: number; n: number }[], i: number) => String(Number(rows.find((r) => Number(r.b) === i)?.n ?? 0))
  const out: ActivityWeek[] = []
  for (let i = weeks - 1; i >= 0; i--) {
    out.push({ week: String(Math.floor((start + i * WEEK) / 1000)), statuses: at(posts, i), logins: at(logins, i), registrations: at(signups, i) })
  }
  return out
}

/** The first administrator's account id, shown as the contact account; null when there is none. */
export async function contactAccountId(ctx: AppContext): Promise<number | null> {
  const r = await ctx.db.selectFrom('users').innerJoin('accounts', 'accounts.id', 'users.account_id')
    .select('users.account_id').where('users.role', '=', 'admin').where('accounts.suspended', '=', 0)
    .orderBy('users.id', 'asc').limit(1).executeTakeFirst()
  return r?.account_id ?? null
}
