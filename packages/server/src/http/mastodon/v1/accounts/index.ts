import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { acceptFormData } from '../../../form-data.ts'
import create from './create.ts'
import verifyCredentials from './verify-credentials.ts'
import updateCredentials from './update-credentials.ts'
import show from './show.ts'
import lookup from './lookup.ts'
import list from './list.ts'

export default function accounts(app: FastifyInstance, ctx: AppContext) {
  // A child scope, so the multipart parser for these forms does not leak into other areas.
  app.register(async (scope) => {
    acceptFormData(scope)
    for (const route of [create, verifyCredentials, updateCredentials, show, lookup, list]) route(scope, ctx)
  })
}
