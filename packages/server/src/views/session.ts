import type { SessionRow } from '../services/oauth/sessions.ts'
import { iso } from './html.ts'

/** A session as the web app's settings show it (GET /api/v1/phare/sessions). */
export interface SessionJson {
  id: string
  app: { name: string; website: string | null }
  scopes: string[]
  created_at: string
  last_used_at: string | null
  current: boolean
}

/** Renders the viewer's sessions; `currentTokenId` marks the one making the request. */
export function renderSessions(rows: SessionRow[], currentTokenId: number): SessionJson[] {
  return rows.map((r) => ({
    id: String(r.id),
    app: { name: r.app_name, website: r.app_website },
    scopes: r.scopes.split(' ').filter(Boolean),
    created_at: iso(r.created_at),
    last_used_at: r.last_used_at === null ? null : iso(r.last_used_at),
    current: r.id === currentTokenId,
  }))
}
