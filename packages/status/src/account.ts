// The probe's own account on the target, created once through the public API (as any
// app would) and kept in the status database.
import { randomBytes } from 'node:crypto'
import { call } from './probe-http.ts'
import { webSignIn } from './web-sign-in.ts'
import { getKv, setKv, type StatusDb } from './db.ts'
import type { StatusConfig } from './config.ts'

export interface ProbeAccount {
  clientId: string
  clientSecret: string
  username: string
  email: string
  password: string
  token: string
  accountId: string
}

const SCOPES = 'read write follow push'
const REDIRECT = 'urn:ietf:wg:oauth:2.0:oob'

/** The stored probe account, or a new one: app registration, then sign-up (or a password sign-in with the operator's account). */
export async function ensureAccount(db: StatusDb, cfg: StatusConfig, env: Record<string, string | undefined> = process.env): Promise<ProbeAccount> {
  const stored = getKv(db, `account:${cfg.target}`)
  if (stored) return JSON.parse(stored) as ProbeAccount
  const t = cfg.target
  const app = (await call(t, 'POST', '/api/v1/apps', { json: { client_name: 'Phare status probe', redirect_uris: REDIRECT, scopes: SCOPES, website: cfg.publicUrl } })).json
  let username = ''
  let email: string
  let password: string
  if (env.PHARE_STATUS_PROBE_EMAIL && env.PHARE_STATUS_PROBE_PASSWORD) {
    // Servers with closed sign-ups or e-mail confirmation: the operator makes the account.
    email = env.PHARE_STATUS_PROBE_EMAIL
    password = env.PHARE_STATUS_PROBE_PASSWORD
  } else {
    const appToken = (await call(t, 'POST', '/oauth/token', { json: { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: SCOPES } })).json.access_token
    username = `status_probe_${randomBytes(4).toString('hex')}`
    email = `${username}@probe.example`
    password = randomBytes(18).toString('base64url')
    const signUp = (await call(t, 'POST', '/api/v1/accounts', { token: appToken, json: { username, email, password, agreement: true, locale: 'en' } })).json.access_token as string
    // That token belongs to the probe's own (third-party) app; the probe works as people do, through the web app's client.
    await call(t, 'POST', '/oauth/revoke', { json: { token: signUp, client_id: app.client_id, client_secret: app.client_secret } }).catch(() => {})
  }
  const token = (await webSignIn(t, email, password, { clientId: app.client_id, clientSecret: app.client_secret })).token
  const me = (await call(t, 'GET', '/api/v1/accounts/verify_credentials', { token })).json
  // Marked as an automated account, so people (and their filters) can tell what its rooms and posts are.
  const form = new FormData()
  form.append('display_name', 'Status probe')
  form.append('note', `Checks that this server works, for the status page ${cfg.publicUrl}`)
  form.append('bot', 'true')
  form.append('discoverable', 'false')
  await call(t, 'PATCH', '/api/v1/accounts/update_credentials', { token, body: form }).catch(() => {})
  const account: ProbeAccount = { clientId: app.client_id, clientSecret: app.client_secret, username: me.username ?? username, email, password, token, accountId: String(me.id) }
  setKv(db, `account:${cfg.target}`, JSON.stringify(account))
  return account
}

/** Forgets the probe account (its token was refused: the target's data was reset); the next round makes a new one. */
export function forgetAccount(db: StatusDb, cfg: StatusConfig): void {
  db.prepare('DELETE FROM kv WHERE key = ?').run(`account:${cfg.target}`)
}
