import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../context.ts'
import { userOf } from '../../auth.ts'
import { PageQuery, parsePage, setLinkHeader } from '../../pagination.ts'
import type { AccountPage } from '../../../services/graph/lists.ts'
import type { Page } from '../../pagination.ts'
import { renderAccountList } from '../../../views/account-list.ts'

/**
 * Registers a GET endpoint listing accounts related to the signed-in person (blocks,
 * mutes, follow requests): newest first, paginated by the relation's id with the Link header.
 */
export function myAccountListRoute(path: string, scope: string, list: (ctx: AppContext, me: number, page: Page) => Promise<AccountPage>) {
  return (app: FastifyInstance, ctx: AppContext) => {
    app.get(path, {
      schema: { querystring: PageQuery },
      preHandler: [ctx.auth.require(scope)],
    }, async (req, reply) => {
      const page = await list(ctx, userOf(req).accountId, parsePage(req.query as Record<string, unknown>, 40, 80))
      setLinkHeader(req, reply, page.keys, ctx.config.publicUrl, { hasMore: page.hasMore })
      return renderAccountList(ctx, page.accountIds)
    })
  }
}
