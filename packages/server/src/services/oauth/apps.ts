import type { AppContext } from '../../context.ts'
import { InvalidClient, InvalidScope, ValidationFailed } from '../../errors.ts'
import { nextId } from '../../ids.ts'
import type { AppsTable } from '../../storage/schema.ts'
import { parseScopes } from './scopes.ts'
import { newSecret } from './tokens.ts'

export interface NewApp {
  client_name: string
  redirect_uris: string | string[]
  scopes?: string
  website?: string | null
}

const OOB = 'urn:ietf:wg:oauth:2.0:oob'

/** Validates a redirect URI: absolute, no fragment; custom schemes are allowed for native apps. */
function checkRedirect(uri: string): string {
  if (uri === OOB) return uri
  let u: URL
  try { u = new URL(uri) } catch { throw ValidationFailed('redirect_uris', 'must be absolute URIs') }
  if (u.hash) throw ValidationFailed('redirect_uris', 'must not contain a fragment')
  if (/^(javascript|data|vbscript|file):$/i.test(u.protocol)) throw ValidationFailed('redirect_uris', 'must not use a dangerous scheme')
  return uri
}

/** A client id that never starts with "-": an admin passes it to `phare apps …`, whose argument parser would take it for an option. */
function newClientId(): string {
  for (;;) {
    const id = newSecret()
    if (!id.startsWith('-')) return id
  }
}

/** Registers an OAuth application (POST /api/v1/apps; the developer page gives its owner). */
export async function createApp(ctx: AppContext, input: NewApp, ownerAccountId: number | null = null): Promise<AppsTable> {
  const name = input.client_name.trim()
  if (!name) throw ValidationFailed('client_name', "can't be blank")
  if (name.length > 200) throw ValidationFailed('client_name', 'is too long (maximum is 200 characters)')
  const uris = (Array.isArray(input.redirect_uris) ? input.redirect_uris : input.redirect_uris.split(/\s+/)).filter(Boolean)
  if (uris.length === 0) throw ValidationFailed('redirect_uris', "can't be blank")
  const scopes = parseScopes(input.scopes, 'read')
  if (!scopes) throw InvalidScope(input.scopes ?? '')
  const app: AppsTable = {
    id: nextId(), name, website: input.website || null, redirect_uris: uris.map(checkRedirect).join('\n'),
    scopes: scopes.join(' '), client_id: newClientId(), client_secret: newSecret(), trusted: 0, created_at: Date.now(),
    plan: null, owner_account_id: ownerAccountId,
  }
  await ctx.db.insertInto('apps').values(app).execute()
  return app
}

/** Finds an app by its client id and, when given, checks its secret. */
export async function authenticateClient(ctx: AppContext, clientId: unknown, clientSecret?: unknown): Promise<AppsTable> {
  if (typeof clientId !== 'string' || !clientId) throw InvalidClient()
  const app = await ctx.db.selectFrom('apps').selectAll().where('client_id', '=', clientId).executeTakeFirst()
  if (!app) throw InvalidClient()
  if (clientSecret !== undefined && clientSecret !== app.client_secret) throw InvalidClient()
  return app
}

/** Mastodon's Application entity, with credentials when just created. */
export function renderApp(app: AppsTable, withSecret: boolean) {
  const uris = app.redirect_uris.split('\n')
  return {
    id: String(app.id),
    name: app.name,
    website: app.website,
    scopes: app.scopes.split(' '),
    redirect_uri: uris.join('\n'),
    redirect_uris: uris,
    vapid_key: '',
    ...(withSecret ? { client_id: app.client_id, client_secret: app.client_secret, client_secret_expires_at: 0 } : {}),
  }
}

/** The app behind a token, rendered without its secret (GET /api/v1/apps/verify_credentials). */
export async function appOfToken(ctx: AppContext, appId: number) {
  const app = await ctx.db.selectFrom('apps').selectAll().where('id', '=', appId).executeTakeFirst()
  if (!app) throw InvalidClient()
  return renderApp(app, false)
}
