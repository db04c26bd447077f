// Helpers shared by the timeline, pagination and streaming tests: posting and
// following through the public API, then waiting for the fan-out jobs to finish.
import type { mastodon } from 'masto'
import type { TestServer } from './support/server.ts'
import type { Person } from './support/people.ts'

/** Posts through POST /api/v1/statuses and waits until it is fanned out. */
export async function post(server: TestServer, who: Person, status: string, opts: { visibility?: 'public' | 'unlisted' | 'private' | 'direct'; inReplyToId?: string } = {}): Promise<mastodon.v1.Status> {
  const s = await who.client.v1.statuses.create({ status, visibility: opts.visibility ?? 'public', inReplyToId: opts.inReplyToId })
  await server.ctx.queue.drain()
  return s
}

/** `who` follows `target` (through the API) and the home backfill job has run. */
export async function follow(server: TestServer, who: Person, target: Person, opts: { reblogs?: boolean } = {}): Promise<void> {
  await who.client.v1.accounts.$select(target.accountId).follow(opts)
  await server.ctx.queue.drain()
}

/** The ids of the first page of a person's home timeline. */
export async function homeIds(who: Person, params: Record<string, unknown> = {}): Promise<string[]> {
  const page = await who.client.v1.timelines.home.list({ limit: 40, ...params })
  return page.map((s) => s.id)
}
