import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import appsList from './apps-list.ts'
import appsCreate from './apps-create.ts'
import usage from './usage.ts'
import plans from './plans.ts'

/** The developer page's API: a person's apps, their usage, and the API plans. */
export default function developer(app: FastifyInstance, ctx: AppContext) {
  for (const route of [appsList, appsCreate, usage, plans]) route(app, ctx)
}
