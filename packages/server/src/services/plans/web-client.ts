// The web app's own OAuth client: a first-party app (trusted), so its people are never
// subject to an API plan and see no consent screen. It is a public client, like any app in
// a browser; its redirect URI is this server's own /callback, so only the web app receives
// its codes.
import type { AppContext } from '../../context.ts'
import { nextId } from '../../ids.ts'
import { newSecret } from '../oauth/tokens.ts'

/** The client id of the web app on every Phare server. */
export const WEB_CLIENT_ID = 'phare-web'
export const WEB_SCOPES = 'read write follow push'

/** The web app's client, created on first use and kept pointing at this server's public URL. */
export async function webClient(ctx: AppContext): Promise<{ client_id: string; client_secret: string; redirect_uri: string; scopes: string }> {
  const redirect = `${ctx.config.publicUrl}/callback`
  let app = await ctx.db.selectFrom('apps').select(['id', 'client_secret', 'redirect_uris', 'trusted', 'scopes']).where('client_id', '=', WEB_CLIENT_ID).executeTakeFirst()
  if (!app) {
    await ctx.db.insertInto('apps').values({
      id: nextId(), name: 'Phare Web', website: ctx.config.publicUrl, redirect_uris: redirect, scopes: WEB_SCOPES,
      client_id: WEB_CLIENT_ID, client_secret: newSecret(), trusted: 1, created_at: Date.now(), plan: null, owner_account_id: null,
    }).onConflict((c) => c.column('client_id').doNothing()).execute()
    // Before this client existed the web app registered itself like any app: its people's tokens
    // stay first-party. (Such an app can do nothing the public phare-web client cannot.)
    await ctx.db.updateTable('apps').set({ trusted: 1 }).where('name', '=', 'Phare Web').where('redirect_uris', '=', redirect).where('trusted', '=', 0).execute()
    app = await ctx.db.selectFrom('apps').select(['id', 'client_secret', 'redirect_uris', 'trusted', 'scopes']).where('client_id', '=', WEB_CLIENT_ID).executeTakeFirstOrThrow()
  }
  if (app.redirect_uris !== redirect || !app.trusted || app.scopes !== WEB_SCOPES) {
    await ctx.db.updateTable('apps').set({ redirect_uris: redirect, trusted: 1, scopes: WEB_SCOPES, website: ctx.config.publicUrl }).where('id', '=', app.id).execute()
  }
  return { client_id: WEB_CLIENT_ID, client_secret: app.client_secret, redirect_uri: redirect, scopes: WEB_SCOPES }
}
