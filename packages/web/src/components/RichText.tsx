// Renders server HTML (post content, bios, profile fields) as React elements from an
// allowlist: the server already sanitises, but the browser must never trust markup.
// Only the tags and attributes Phare's text renderer emits survive; everything else
// is reduced to its text. Links to this server's profiles, tags and rooms stay in the app.
import { createElement, memo, type ReactNode } from 'react'
import { Link } from '../router.tsx'

const CLASSES = new Set(['invisible', 'ellipsis', 'h-card', 'mention', 'hashtag', 'u-url'])
const cache = new Map<string, ReactNode>()
const CACHE_MAX = 2000

function safeHref(raw: string | null): string | null {
  if (!raw) return null
  try {
    const u = new URL(raw, location.origin)
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null
  } catch { return null }
}

/** The in-app path for a link to this server's profile, post, tag or room page, else null. */
function appPath(href: string): string | null {
  const u = new URL(href)
  if (u.origin !== location.origin) return null
  return /^\/(@[^/]+(\/\d+)?|tags\/[^/]+|rooms\/\d+)$/.test(u.pathname) ? u.pathname : null
}

function classes(el: Element): string | undefined {
  const kept = (el.getAttribute('class') ?? '').split(/\s+/).filter((c) => CLASSES.has(c))
  return kept.length ? kept.join(' ') : undefined
}

function convert(node: Node, key: number): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent
  if (node.nodeType !== Node.ELEMENT_NODE) return null
  const el = node as Element
  const children = () => Array.from(el.childNodes, (c, i) => convert(c, i))
  switch (el.localName) {
    case 'p': return createElement('p', { key }, children())
    case 'br': return createElement('br', { key })
    case 'span': return createElement('span', { key, className: classes(el) }, children())
    case 'a': {
      const href = safeHref(el.getAttribute('href'))
      if (!href) return createElement('span', { key }, children())
      const path = appPath(href)
      if (path) return createElement(Link, { key, to: path, className: classes(el) }, children())
      return createElement('a', { key, href, className: classes(el), target: '_blank', rel: 'nofollow noopener noreferrer', translate: 'no' }, children())
    }
    default: return createElement('span', { key }, children())
  }
}

// One inert <template> parses every post: its content belongs to a document without a
// browsing context (no script runs, no image loads), like DOMParser's, but parsing does
// not create a whole new document per post, which scrolling a long timeline turned into
// parse time and garbage.
let template: HTMLTemplateElement | null = null
function withParsed<R>(html: string, use: (content: DocumentFragment) => R): R {
  template ??= document.createElement('template')
  template.innerHTML = html
  try { return use(template.content) } finally { template.innerHTML = '' }
}

/** Converts server HTML to React nodes (cached: the same post is rendered many times while scrolling). */
export function richText(html: string): ReactNode {
  const hit = cache.get(html)
  if (hit !== undefined) return hit
  const out = withParsed(html, (content) => Array.from(content.childNodes, (c, i) => convert(c, i)))
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!)
  cache.set(html, out)
  return out
}

/** Server HTML as a block of rich text. */
export const RichText = memo(function RichText({ html, className, lang }: { html: string; className?: string; lang?: string | null }) {
  return <div className={className} lang={lang ?? undefined}>{richText(html)}</div>
})

/** The text of server HTML, for one-line previews (paragraphs joined by spaces). */
export function plainText(html: string): string {
  return withParsed(html, (content) => {
    for (const p of content.querySelectorAll('p, br')) p.after(' ')
    for (const s of content.querySelectorAll('.invisible')) s.remove()
    return (content.textContent ?? '').replace(/\s+/g, ' ').trim()
  })
}
