import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.ts'
import { acceptFormData } from '../form-data.ts'
import createV1 from '../mastodon/v1/media/create.ts'
import show from '../mastodon/v1/media/show.ts'
import update from '../mastodon/v1/media/update.ts'
import remove from '../mastodon/v1/media/delete.ts'
import createV2 from '../mastodon/v2/media.ts'
import files from './files.ts'

/** Uploads (in a scope of their own, for the multipart parser) and the media files themselves. */
export default function media(app: FastifyInstance, ctx: AppContext) {
  app.register(async (scope) => {
    acceptFormData(scope)
    for (const route of [createV1, createV2, show, update, remove]) route(scope, ctx)
  })
  files(app, ctx)
}
