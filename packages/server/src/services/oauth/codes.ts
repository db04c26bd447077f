import type { AppContext } from '../../context.ts'
import { InvalidGrant } from '../../errors.ts'
import type { AppsTable } from '../../storage/schema.ts'

/** Redeems an authorization code (with PKCE). Implemented with the authorize page. */
export async function redeemCode(_ctx: AppContext, _app: AppsTable, _r: { code?: string; redirect_uri?: string; code_verifier?: string }): Promise<{ accountId: number; scopes: string[] }> {
  throw InvalidGrant('The authorization code flow is not available yet')
}
