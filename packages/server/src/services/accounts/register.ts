import type { AppContext } from '../../context.ts'
import { EmailTaken, RegistrationsClosed, UsernameTaken, ValidationFailed } from '../../errors.ts'
import { nextId } from '../../ids.ts'
import { hashPassword } from './passwords.ts'
import { issueToken } from '../oauth/tokens.ts'

export interface Registration {
  username: string
  email: string
  password: string
  agreement: boolean
  locale?: string
  reason?: string
}

const USERNAME = /^[a-z0-9_]{1,30}$/i
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const RESERVED = new Set(['admin', 'administrator', 'root', 'support', 'help', 'about', 'settings', 'api', 'oauth', 'well-known', 'web', 'status', 'phare', 'null', 'undefined'])

/** The one validation of a new account, shared by the API, the web app and the CLI. */
export function validateRegistration(r: Registration, opts: { allowReserved?: boolean } = {}): void {
  if (!USERNAME.test(r.username)) throw ValidationFailed('username', 'must be 1 to 30 letters, digits or underscores')
  if (!opts.allowReserved && RESERVED.has(r.username.toLowerCase())) throw ValidationFailed('username', 'is reserved')
  if (!EMAIL.test(r.email) || r.email.length > 320) throw ValidationFailed('email', 'is invalid')
  if (r.password.length < 8) throw ValidationFailed('password', 'is too short (minimum is 8 characters)')
  if (r.password.length > 1000) throw ValidationFailed('password', 'is too long (maximum is 1000 characters)')
  if (!r.agreement) throw ValidationFailed('agreement', 'must be accepted')
}

export interface Registered { accountId: number; userId: number; approved: boolean; confirmed: boolean }

/** Creates an account and its user. Approval and e-mail confirmation follow the server's settings. */
export async function register(ctx: AppContext, r: Registration, opts: { role?: 'user' | 'moderator' | 'admin'; bypassClosed?: boolean } = {}): Promise<Registered> {
  const mode = ctx.config.registrations
  if (mode === 'closed' && !opts.bypassClosed) throw RegistrationsClosed()
  validateRegistration(r, { allowReserved: opts.bypassClosed })
  if (mode === 'approval' && !opts.bypassClosed && !r.reason?.trim()) {
    throw ValidationFailed('reason', "can't be blank: this server reviews sign-ups, say why you want to join")
  }
  const key = r.username.toLowerCase()
  const email = r.email.trim().toLowerCase()
  const [byName, byEmail] = await Promise.all([
    ctx.db.selectFrom('accounts').select('id').where('username_key', '=', key).executeTakeFirst(),
    ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst(),
  ])
  if (byName) throw UsernameTaken()
  if (byEmail) throw EmailTaken()
  const passwordHash = await hashPassword(r.password)
  const approved = mode !== 'approval' || !!opts.bypassClosed
  // Without an SMTP server there is no way to confirm an address, so the account is active at once.
  const confirmed = !ctx.config.smtpUrl || !!opts.bypassClosed
  const now = Date.now()
  const accountId = nextId()
  const userId = nextId()
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('accounts').values({
        id: accountId, username: r.username, username_key: key, display_name: '', note: '', locked: 0, bot: 0,
        discoverable: 1, fields: '[]', avatar_url: null, header_url: null, created_at: now, last_status_at: null,
        statuses_count: 0, followers_count: 0, following_count: 0, suspended: 0,
      }).execute()
      await trx.insertInto('users').values({
        id: userId, account_id: accountId, email, password_hash: passwordHash, role: opts.role ?? 'user',
        approved: approved ? 1 : 0, confirmed: confirmed ? 1 : 0, confirmation_token: null,
        reset_token_hash: null, reset_expires_at: null, locale: r.locale || 'en', reason: r.reason ?? null, created_at: now,
        default_privacy: 'public', default_sensitive: 0, default_language: null,
      }).execute()
      // The mail job makes the confirmation token itself, so no usable secret waits in the jobs table.
      if (!confirmed) await ctx.queue.enqueue('mail.confirmation', { userId }, { trx })
    })
  } catch (e) {
    // Two sign-ups racing for one name: the unique index decides, the loser gets the same clear error.
    if (/unique|duplicate/i.test(String((e as Error).message))) throw UsernameTaken()
    throw e
  }
  return { accountId, userId, approved, confirmed }
}

/**
 * Sign-up through an app (POST /api/v1/accounts): creates the account and gives the
 * person a token for that app with the app's scopes, as Mastodon does.
 */
export async function registerThroughApp(ctx: AppContext, appId: number, r: Registration) {
  const created = await register(ctx, r)
  const app = await ctx.db.selectFrom('apps').select('scopes').where('id', '=', appId).executeTakeFirstOrThrow()
  return issueToken(ctx, appId, created.accountId, app.scopes.split(' '))
}
