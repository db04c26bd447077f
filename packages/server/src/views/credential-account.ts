import type { AppContext } from '../context.ts'
import { NotFound } from '../errors.ts'
import { renderAccount, type AccountJson } from './account.ts'

/** The signed-in person's own account, with the editable source of their profile. */
export async function credentialAccount(ctx: AppContext, accountId: number): Promise<AccountJson & Record<string, unknown>> {
  const a = await ctx.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst()
  if (!a) throw NotFound()
  const u = await ctx.db.selectFrom('users').select(['locale', 'role', 'default_privacy', 'default_sensitive', 'default_language']).where('account_id', '=', accountId).executeTakeFirstOrThrow()
  const requests = await ctx.db.selectFrom('follow_requests').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('target_account_id', '=', accountId).executeTakeFirstOrThrow()
  const fields = JSON.parse(a.fields || '[]') as { name: string; value: string; verified_at?: string | null }[]
  return {
    ...renderAccount(ctx, a),
    source: {
      privacy: u.default_privacy, sensitive: !!u.default_sensitive, language: u.default_language, note: a.note,
      fields: fields.map((f) => ({ name: f.name, value: f.value, verified_at: f.verified_at ?? null })),
      follow_requests_count: Number(requests.n), hide_collections: false, discoverable: !!a.discoverable, indexable: !!a.discoverable,
      attribution_domains: [], quote_policy: 'public',
    },
    role: { id: u.role === 'admin' ? '3' : u.role === 'moderator' ? '2' : '-99', name: u.role === 'user' ? '' : u.role, color: '', permissions: u.role === 'admin' ? '1' : '0', highlighted: u.role !== 'user' },
  }
}
