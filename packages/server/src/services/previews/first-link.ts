// Which link of a post gets a preview: the first one a reader would think of as "the link",
// the way Mastodon picks it. Mentions and hashtags are links too, but to profiles and tag
// pages, and a link back to this server (a quoted post, a profile) previews nothing new.
import { Parser } from 'htmlparser2'

export interface FirstLinkOptions {
  /** Origin of this server (e.g. "https://phare.example"): links to it get no preview. */
  localOrigin?: string
  /** URLs never previewed, e.g. the quoted post's own address. */
  skip?: readonly string[]
}

/** The first http(s) link of a post's rendered HTML that is not a mention, a hashtag, an inline quote or a local link; null when none. */
export function firstLink(content: string, opts: FirstLinkOptions = {}): string | null {
  const skip = new Set(opts.skip ?? [])
  const local = opts.localOrigin ? new URL(opts.localOrigin).origin : null
  let found: string | null = null
  // Depth inside Mastodon's `.quote-inline` ("RE: <link>") wrapper, whose link is the quote itself.
  let quoteDepth = 0
  const parser = new Parser({
    onopentag(name, attribs) {
      if (found) return
      const classes = (attribs.class ?? '').toLowerCase().split(/\s+/)
      if (quoteDepth > 0 || classes.includes('quote-inline')) { quoteDepth++; return }
      if (name !== 'a' || !attribs.href) return
      const rel = (attribs.rel ?? '').toLowerCase().split(/\s+/)
      if (classes.includes('mention') || classes.includes('hashtag') || rel.includes('tag')) return
      const url = httpUrl(attribs.href)
      if (!url || skip.has(url.href) || skip.has(attribs.href)) return
      if (url.origin === local) return
      found = url.href
    },
    onclosetag() {
      if (quoteDepth > 0) quoteDepth--
    },
  })
  parser.end(content)
  return found
}

function httpUrl(raw: string): URL | null {
  try {
    const u = new URL(raw)
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' ? u : null
  } catch {
    return null
  }
}
