import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import type { Viewer } from '../../../auth.ts'
import { PageQuery, parsePage, setLinkHeader, type Page } from '../../../pagination.ts'
import type { AccountPage } from '../../../../services/statuses/who.ts'
import { renderAccountList } from '../../../../views/account-list.ts'
import { StatusIdParams } from './schemas.ts'

type WhoList = (ctx: AppContext, viewer: Viewer | null, rawId: unknown, page: Page) => Promise<AccountPage>

/** Registers GET /api/v1/statuses/:id/<what>: accounts that acted on the post, newest first, with the Link header. */
export function whoRoute(what: 'favourited_by' | 'reblogged_by', list: WhoList) {
  return (app: FastifyInstance, ctx: AppContext) => {
    app.get<{ Params: StatusIdParams; Querystring: typeof PageQuery.static }>(`/api/v1/statuses/:id/${what}`, {
      schema: { params: StatusIdParams, querystring: PageQuery },
      preHandler: [ctx.auth.optional()],
    }, async (req, reply) => {
      const page = await list(ctx, req.viewer, req.params.id, parsePage(req.query, 40, 80))
      setLinkHeader(req, reply, page.keys, ctx.config.publicUrl)
      return renderAccountList(ctx, page.accountIds)
    })
  }
}
