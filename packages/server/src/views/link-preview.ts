// The <head> of a shared link: <title>, description, Open Graph and Twitter card tags, so
// a link to a post or a profile previews elsewhere. Every value is escaped here.
import type { RoomJson } from './room.ts'
import type { AppContext } from '../context.ts'
import { localDomain } from '../config.ts'
import type { AccountsTable } from '../storage/schema.ts'
import type { StatusRow } from '../services/visibility.ts'
import { renderAccount } from './account.ts'
import { escapeHtml as e } from './html.ts'
import { renderStatuses, type StatusJson } from './status.ts'

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }

/** The text a reader sees in rendered post or bio HTML: tags dropped, paragraphs and line breaks as spaces, entities decoded. */
export function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/p>\s*<p[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, ent: string) => {
      if (ent[0] !== '#') return ENTITIES[ent.toLowerCase()] ?? m
      const code = ent[1] === 'x' || ent[1] === 'X' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10)
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m
    })
    .replace(/\s+/g, ' ').trim()
}

/** Cuts at a word boundary near `max` characters (counted in code points), adding an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = [...text]
  if (chars.length <= max) return text
  const cut = chars.slice(0, max - 1).join('')
  const space = cut.lastIndexOf(' ')
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`
}

const meta = (attr: 'name' | 'property', key: string, value: string) => `<meta ${attr}="${key}" content="${e(value)}">`

function tags(o: { title: string; description: string; ogTitle: string; url: string; type: string; image: string; site: string; extra?: string[] }): string {
  return [
    `<title>${e(o.title)}</title>`,
    meta('name', 'description', o.description),
    `<link rel="canonical" href="${e(o.url)}">`,
    meta('property', 'og:site_name', o.site),
    meta('property', 'og:type', o.type),
    meta('property', 'og:title', o.ogTitle),
    meta('property', 'og:description', o.description),
    meta('property', 'og:url', o.url),
    meta('property', 'og:image', o.image),
    meta('name', 'twitter:card', 'summary'),
    meta('name', 'twitter:title', o.ogTitle),
    meta('name', 'twitter:description', o.description),
    ...(o.extra ?? []),
  ].join('\n    ')
}

const displayName = (a: { display_name: string; username: string }) => a.display_name.trim() || a.username

function postTags(ctx: AppContext, s: StatusJson): string {
  // A repost's link previews the original it shares.
  const shown = s.reblog ?? s
  const author = shown.account
  const name = displayName(s.account)
  const handle = `@${author.username}@${localDomain(ctx.config)}`
  let text = shown.spoiler_text ? `Content warning: ${shown.spoiler_text}` : plainText(shown.content)
  if (!shown.spoiler_text && shown.poll) text = `${text} ${shown.poll.options.map((o) => `[ ] ${o.title}`).join(' ')}`.trim()
  const description = truncate(text, 300) || `A post by ${handle}`
  const site = ctx.config.instanceTitle
  return tags({
    title: `${s.reblog ? `${name} reposted ${displayName(author)}` : name}: “${truncate(text, 60)}” — ${site}`,
    ogTitle: `${displayName(author)} (${handle})`,
    description, url: s.url, type: 'article', image: author.avatar, site,
    extra: [meta('property', 'article:published_time', shown.created_at), meta('property', 'article:author', author.url)],
  })
}

/** The head of a post's page; null when the anonymous reader may not see it after all. */
export async function postHead(ctx: AppContext, row: StatusRow): Promise<string | null> {
  const [s] = await renderStatuses(ctx, null, [row])
  return s ? postTags(ctx, s) : null
}

/** The head of a profile's page. */
export function profileHead(ctx: AppContext, row: AccountsTable): string {
  const a = renderAccount(ctx, row)
  const handle = `@${a.username}@${localDomain(ctx.config)}`
  const n = (count: number, one: string, many: string) => `${count.toLocaleString('en')} ${count === 1 ? one : many}`
  const counts = `${n(a.statuses_count, 'post', 'posts')}, ${n(a.following_count, 'following', 'following')}, ${n(a.followers_count, 'follower', 'followers')}`
  const bio = plainText(a.note)
  const site = ctx.config.instanceTitle
  return tags({
    title: `${displayName(a)} (${handle}) — ${site}`, ogTitle: `${displayName(a)} (${handle})`,
    description: truncate(bio ? `${counts} · ${bio}` : counts, 300),
    url: a.url, type: 'profile', image: a.avatar, site,
    extra: [meta('property', 'profile:username', a.username)],
  })
}

/** The head of a room's page: what it is, who hosts it and when, for link previews everywhere. */
export function roomHead(ctx: AppContext, room: RoomJson): string {
  const host = room.host
  const handle = `@${host.username}@${localDomain(ctx.config)}`
  const when = room.state === 'live' ? 'Live now'
    : room.state === 'ended' ? (room.replay_available ? 'Ended · replay available' : 'Ended')
      : `Starts ${room.scheduled_at!.replace(/:\d\d\.\d+Z$/, ' UTC').replace('T', ' ')}`
  const site = ctx.config.instanceTitle
  return tags({
    title: `${room.title} — ${displayName(host)} (${handle}) — ${site}`,
    ogTitle: `🎙️ ${room.title}`,
    description: truncate(`Live audio room · ${when} · hosted by ${displayName(host)} (${handle})${room.description ? ` · ${room.description}` : ''}`, 300),
    url: room.url, type: 'website', image: host.avatar, site,
  })
}

/** The head of a link to nothing anyone may see: neutral, saying nothing about what might exist. */
export function notFoundHead(ctx: AppContext): string {
  const site = ctx.config.instanceTitle
  return [`<title>${e(`Not found — ${site}`)}</title>`, meta('name', 'description', ctx.config.instanceDescription), meta('name', 'robots', 'noindex')].join('\n    ')
}
