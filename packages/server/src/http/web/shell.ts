// The web app's index.html: every page of the app is this one document, with its head
// rewritten for shared links. When the app is not built (a server-only install), a short
// page says so instead, so the server still answers at `/`.
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { FastifyReply } from 'fastify'
import { escapeHtml as e } from '../../views/html.ts'

/** Reads dist/index.html, again only when it changed on disk; null when the app is not built. */
export function shellLoader(dist: string) {
  const path = join(dist, 'index.html')
  let cached: { mtimeMs: number; html: string } | null = null
  return async function shell(): Promise<string | null> {
    try {
      const st = await stat(path)
      if (cached?.mtimeMs !== st.mtimeMs) cached = { mtimeMs: st.mtimeMs, html: await readFile(path, 'utf8') }
      return cached.html
    } catch {
      cached = null
      return null
    }
  }
}

/** The document with its <title> and description replaced by `head` (tags, already escaped). */
export function withHead(html: string, head: string): string {
  const stripped = html
    .replace(/<title>[\s\S]*?<\/title>\s*/i, '')
    .replace(/<meta\s+(?:name|property)="(?:description|og:[^"]*|twitter:[^"]*)"[^>]*>\s*/gi, '')
  const at = stripped.search(/<\/head>/i)
  return at < 0 ? head + stripped : `${stripped.slice(0, at)}${head}\n  ${stripped.slice(at)}`
}

/** What `/` shows when the web app is not built. */
export function notBuiltPage(instance: string, publicUrl: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${e(instance)}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1b1b1f}` +
    `code{background:#eee;padding:.1rem .3rem;border-radius:4px}@media (prefers-color-scheme:dark){body{background:#16161a;color:#e8e8ee}code{background:#2a2a30}}</style></head>` +
    `<body><main><h1>${e(instance)} is running</h1>` +
    `<p>The web app is not built on this server, so there is nothing to show in a browser yet.</p>` +
    `<p>To build it, run <code>npm install</code> (or <code>npm run build -w @phare/web</code>) where Phare is installed, then reload this page.</p>` +
    `<p>Apps that speak the Mastodon API work already: point them at <code>${e(publicUrl)}</code>.</p></main></body></html>`
}

// The app loads its code and styles from this server only; posts' HTML cannot bring scripts
// or be framed. Images and media may come from anywhere (remote avatars, link previews).
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https: http:; " +
  "media-src 'self' blob: https: http:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
  "form-action 'self'; frame-ancestors 'none'"

/**
 * Sends a page of the app: never cached without revalidation, not frameable. `statusUrl`
 * (PHARE_STATUS_URL) may also be fetched: the outage banner reads the status page's summary.
 */
export function sendShell(reply: FastifyReply, status: number, html: string, statusUrl: string | null = null): FastifyReply {
  return reply.status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-cache')
    .header('content-security-policy', statusUrl ? CSP.replace("connect-src 'self'", `connect-src 'self' ${new URL(statusUrl).origin}`) : CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'strict-origin-when-cross-origin')
    .send(html)
}
