import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.ts'
import password from './v1/password.ts'
import accountDelete from './v1/account-delete.ts'
import listSessions from './v1/sessions/list.ts'
import revokeSession from './v1/sessions/revoke.ts'
import rooms from './v1/rooms/index.ts'
import developer from './v1/developer/index.ts'
import webClient from './v1/web-client.ts'
import statusPage from './v1/status.ts'
import adminLimits from './v1/admin/limits.ts'
import adminFlags from './v1/admin/flags/index.ts'
import readOnlyState from './v1/read-only.ts'
import admin from './v1/admin/index.ts'

/** Phare's own API beyond Mastodon's, under /api/v1/phare: what the web app's settings need. */
export default function phare(app: FastifyInstance, ctx: AppContext) {
  for (const route of [password, listSessions, revokeSession, accountDelete, rooms, developer, webClient, statusPage, adminLimits]) route(app, ctx)
  adminFlags(app, ctx)
  for (const route of [readOnlyState, admin]) route(app, ctx)
}
