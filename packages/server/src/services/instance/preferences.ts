// Preferences clients apply without asking: default visibility, sensitivity, language.
import type { AppContext } from '../../context.ts'

/** Mastodon's Preferences entity for an account. Reading preferences are Mastodon's defaults until they can be set. */
export async function preferences(ctx: AppContext, accountId: number) {
  const u = await ctx.db.selectFrom('users').select(['default_privacy', 'default_sensitive', 'default_language'])
    .where('account_id', '=', accountId).executeTakeFirstOrThrow()
  return {
    'posting:default:visibility': u.default_privacy,
    'posting:default:sensitive': !!u.default_sensitive,
    'posting:default:language': u.default_language,
    'posting:default:quote_policy': 'public',
    'reading:expand:media': 'default',
    'reading:expand:spoilers': false,
    'reading:autoplay:gifs': false,
  }
}
