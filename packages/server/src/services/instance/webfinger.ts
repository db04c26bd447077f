// WebFinger (RFC 7033) for local accounts: acct:alice@domain → the account's links.
import type { AppContext } from '../../context.ts'
import { localDomain } from '../../config.ts'
import { NotFound, ResourceMissing } from '../../errors.ts'

/**
 * The username a WebFinger resource names on this server, or null when it names
 * another server or is not a form we know: `acct:alice@domain`, `alice@domain`,
 * `@alice@domain`, or a profile URL (`https://domain/@alice`, `https://domain/users/alice`).
 */
export function usernameOfResource(resource: string, domain: string, publicUrl: string): string | null {
  const r = resource.trim()
  const acct = /^(?:acct:)?@?([^@/\s:]+)@([^@/\s]+)$/i.exec(r)
  if (acct) return acct[2].toLowerCase() === domain.toLowerCase() ? acct[1] : null
  let url: URL
  try { url = new URL(r) } catch { return null }
  if (url.origin !== new URL(publicUrl).origin) return null
  const m = /^\/(?:@|users\/)([^/]+)\/?$/.exec(url.pathname)
  return m ? decodeURIComponent(m[1]) : null
}

/** The JRD document for a local account; NotFound for unknown, remote or suspended ones. */
export async function webfinger(ctx: AppContext, resource: string | undefined) {
  if (!resource) throw ResourceMissing('resource')
  const domain = localDomain(ctx.config)
  const username = usernameOfResource(resource, domain, ctx.config.publicUrl)
  if (!username) throw NotFound()
  const a = await ctx.db.selectFrom('accounts').select(['username', 'suspended'])
    .where('username_key', '=', username.toLowerCase()).executeTakeFirst()
  if (!a || a.suspended) throw NotFound()
  const base = ctx.config.publicUrl
  return {
    subject: `acct:${a.username}@${domain}`,
    aliases: [`${base}/@${a.username}`, `${base}/users/${a.username}`],
    links: [
      { rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: `${base}/@${a.username}` },
      { rel: 'self', type: 'application/activity+json', href: `${base}/users/${a.username}` },
    ],
  }
}
