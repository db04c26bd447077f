import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../../context.ts'
import list from './list.ts'
import create from './create.ts'
import update from './update.ts'
import events from './events.ts'

/** The admin API of feature flags, under /api/v1/phare/admin/flags. */
export default function flags(app: FastifyInstance, ctx: AppContext) {
  for (const route of [list, create, update, events]) route(app, ctx)
}
