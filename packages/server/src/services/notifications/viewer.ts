import type { Viewer } from '../../http/auth.ts'

/** The viewer a job acts for when it renders or checks visibility on a person's behalf (no token involved). */
export function asViewer(accountId: number): Viewer {
  return { accountId, userId: null, appId: 0, tokenId: 0, scopes: new Set(), role: null }
}
