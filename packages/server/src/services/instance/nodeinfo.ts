// NodeInfo 2.0/2.1: how other software and statistics crawlers see this server.
import type { AppContext } from '../../context.ts'
import { PHARE_VERSION, SOURCE_URL } from './info.ts'
import { usage } from './stats.ts'

/** The NodeInfo document; `protocols` is empty until Phare federates. */
export async function nodeInfo(ctx: AppContext, version: '2.0' | '2.1') {
  const u = await usage(ctx)
  return {
    version,
    software: { name: 'phare', version: PHARE_VERSION, ...(version === '2.1' ? { repository: SOURCE_URL, homepage: SOURCE_URL } : {}) },
    protocols: [] as string[],
    services: { outbound: [] as string[], inbound: [] as string[] },
    usage: { users: { total: u.total, activeMonth: u.activeMonth, activeHalfyear: u.activeHalfyear }, localPosts: u.localPosts },
    openRegistrations: ctx.config.registrations === 'open',
    metadata: { nodeName: ctx.config.instanceTitle, nodeDescription: ctx.config.instanceDescription },
  }
}
