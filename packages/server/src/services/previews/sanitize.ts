// An oEmbed provider's `html` is markup from someone else that Mastodon clients put into
// their page. The only thing kept is one https <iframe>, sandboxed: whatever it runs runs
// in the provider's origin, never in the reader's.
import { Parser } from 'htmlparser2'
import sanitizeHtml from 'sanitize-html'

export const EMBED_SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation'

/** The one sandboxed https iframe of oEmbed `html` (src, width, height, sandbox only), or '' when there is none. */
export function sanitizeEmbed(html: string): string {
  // First pass: a strict sanitizer drops every tag but iframes, every attribute but these three, non-https sources and all text.
  const cleaned = sanitizeHtml(html, {
    allowedTags: ['iframe'],
    allowedAttributes: { iframe: ['src', 'width', 'height'] },
    allowedSchemes: ['https'],
    allowedSchemesByTag: { iframe: ['https'] },
    allowedSchemesAppliedToAttributes: ['src'],
    allowProtocolRelative: false,
    allowIframeRelativeUrls: false,
    disallowedTagsMode: 'discard',
    textFilter: () => '',
  })
  // Second pass: the first frame with a usable source, written out anew, so nothing of the
  // input's markup (quoting, ordering, extra frames) reaches the output.
  const found: { src: string; width: string | null; height: string | null }[] = []
  const parser = new Parser({
    onopentag(name, a) {
      if (found.length || name !== 'iframe') return
      const src = httpsUrl(a.src)
      if (src) found.push({ src, width: size(a.width), height: size(a.height) })
    },
  })
  parser.end(cleaned)
  const f = found[0]
  if (!f) return ''
  return `<iframe src="${escapeAttr(f.src)}"${f.width ? ` width="${f.width}"` : ''}${f.height ? ` height="${f.height}"` : ''} sandbox="${EMBED_SANDBOX}"></iframe>`
}

function size(raw: string | undefined): string | null {
  return raw && /^\d{1,4}$/.test(raw) ? raw : null
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function httpsUrl(raw: string | undefined): string | null {
  if (!raw) return null
  try {
    const u = new URL(raw.trim())
    return u.protocol === 'https:' && u.hostname && !u.username && !u.password ? u.href : null
  } catch {
    return null
  }
}
