// A post's source text → the safe HTML Mastodon clients display, the same shape
// Mastodon's TextFormatter writes: paragraphs, line breaks, shortened links,
// h-card mentions and hashtag links. Everything that is not markup is escaped.
import { extractEntities, type Entity } from './entities.ts'

/** How to link what the text refers to. */
export interface LinkTargets {
  /** profile URL of a mentioned local account, by `acct` as written (lower-cased); absent → plain text */
  mentionUrl(acct: string): { url: string; username: string } | null
  /** URL of a hashtag's page */
  tagUrl(tag: string): string
}

/** Escapes text for HTML (the same five characters Rails' `h` escapes). */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

const URL_PREFIX = /^(https?:\/\/(www\.)?|xmpp:)/i
const DISPLAY_CHARS = 30

/** Mastodon's shortened link: the scheme hidden, 30 characters shown, the rest hidden behind an ellipsis. */
export function shortenedLink(url: string): string {
  const prefix = URL_PREFIX.exec(url)?.[0] ?? ''
  const rest = Array.from(url.slice(prefix.length))
  const shown = rest.slice(0, DISPLAY_CHARS).join('')
  const hidden = rest.slice(DISPLAY_CHARS).join('')
  return `<a href="${escapeHtml(url)}" target="_blank" rel="nofollow noopener" translate="no">`
    + `<span class="invisible">${escapeHtml(prefix)}</span><span class="${rest.length > DISPLAY_CHARS ? 'ellipsis' : ''}">${escapeHtml(shown)}</span>`
    + `<span class="invisible">${escapeHtml(hidden)}</span></a>`
}

function renderEntity(e: Entity, text: string, links: LinkTargets): string {
  switch (e.kind) {
    case 'url':
      return shortenedLink(e.url)
    case 'hashtag':
      return `<a href="${escapeHtml(links.tagUrl(e.tag))}" class="mention hashtag" rel="tag">#<span>${escapeHtml(e.tag)}</span></a>`
    case 'mention': {
      const target = links.mentionUrl(e.acct.toLowerCase())
      if (!target) return escapeHtml(text.slice(e.start, e.end))
      return `<span class="h-card" translate="no"><a href="${escapeHtml(target.url)}" class="u-url mention">@<span>${escapeHtml(target.username)}</span></a></span>`
    }
  }
}

/** Rails' simple_format followed by removing newlines, as Mastodon does for posts. */
function paragraphs(html: string): string {
  return html.replace(/\r\n?/g, '\n').split(/\n\n+/)
    .map((p) => `<p>${p.replace(/([^\n]\n)(?=[^\n])/g, '$1<br />')}</p>`)
    .join('').replace(/\n/g, '')
}

/** Renders source text to HTML. Blank text renders as the empty string. */
export function renderText(text: string, links: LinkTargets): string {
  if (text.trim() === '') return ''
  let html = ''
  let at = 0
  for (const e of extractEntities(text)) {
    html += escapeHtml(text.slice(at, e.start)) + renderEntity(e, text, links)
    at = e.end
  }
  html += escapeHtml(text.slice(at))
  return paragraphs(html)
}
