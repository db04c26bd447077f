// The Atom feed of incidents, for feed readers and chat integrations.
import type { StatusDb } from './db.ts'
import type { StatusConfig } from './config.ts'
import { listIncidents, updatesOf } from './incidents.ts'
import { esc } from './svg.ts'

const iso = (ms: number) => new Date(ms).toISOString()

/** GET /feed.atom: one entry per incident of the last 90 days, its updates as the content. */
export function atomFeed(db: StatusDb, cfg: StatusConfig): string {
  const incidents = listIncidents(db, Date.now() - 90 * 86_400_000)
  const updated = Math.max(0, ...incidents.map((i) => i.updated_at))
  const entries = incidents.map((i) => {
    const body = updatesOf(db, i.id).reverse().map((u) => `<p><strong>${esc(u.status)}</strong> (${iso(u.at)}): ${esc(u.body)}</p>`).join('')
    return `<entry><id>${esc(cfg.publicUrl)}/incidents/${i.id}</id><title>${esc(i.title)} (${esc(i.status)})</title>
<updated>${iso(i.updated_at)}</updated><published>${iso(i.created_at)}</published><link href="${esc(cfg.publicUrl)}/incidents/${i.id}"/>
<content type="html">${esc(body)}</content></entry>`
  }).join('\n')
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>${esc(cfg.publicUrl)}/feed.atom</id><title>${esc(cfg.title)}: incidents</title>
<updated>${iso(updated || Date.now())}</updated><link rel="self" href="${esc(cfg.publicUrl)}/feed.atom"/><link href="${esc(cfg.publicUrl)}/"/><author><name>${esc(cfg.title)}</name></author>
${entries}
</feed>`
}
