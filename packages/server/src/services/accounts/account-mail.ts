// The two account e-mails. Each makes a fresh token when it is sent and stores only
// its hash; a retried job makes another, and the newest link is the one that works.
import type { AppContext } from '../../context.ts'
import { hashToken } from '../../http/auth.ts'
import { newSecret } from '../oauth/tokens.ts'
import { sendMail } from './mailer.ts'

/** A password-reset link works for one hour. */
export const RESET_TTL_MS = 3600_000

/** Sends the "confirm your address" e-mail, unless the address is confirmed already. */
export async function sendConfirmationMail(ctx: AppContext, userId: number): Promise<void> {
  const user = await ctx.db.selectFrom('users').select(['email', 'confirmed']).where('id', '=', userId).executeTakeFirst()
  if (!user || user.confirmed) return
  const token = newSecret()
  await ctx.db.updateTable('users').set({ confirmation_token: hashToken(token) }).where('id', '=', userId).execute()
  const link = `${ctx.config.publicUrl}/auth/confirmation?confirmation_token=${encodeURIComponent(token)}`
  await sendMail(ctx, {
    to: user.email, subject: `Confirm your e-mail address for ${ctx.config.instanceTitle}`,
    text: `Welcome to ${ctx.config.instanceTitle}!\n\nTo confirm your e-mail address, open this link:\n\n${link}\n\nIf you did not sign up, ignore this e-mail.\n`,
  })
}

/** Sends a password-reset link valid for one hour. */
export async function sendPasswordResetMail(ctx: AppContext, userId: number, now = Date.now()): Promise<void> {
  const user = await ctx.db.selectFrom('users').select(['email']).where('id', '=', userId).executeTakeFirst()
  if (!user) return
  const token = newSecret()
  await ctx.db.updateTable('users').set({ reset_token_hash: hashToken(token), reset_expires_at: now + RESET_TTL_MS }).where('id', '=', userId).execute()
  const link = `${ctx.config.publicUrl}/auth/password/edit?reset_password_token=${encodeURIComponent(token)}`
  await sendMail(ctx, {
    to: user.email, subject: `Reset your password on ${ctx.config.instanceTitle}`,
    text: `Someone asked to reset the password of your account on ${ctx.config.instanceTitle}.\n\nTo choose a new password, open this link within one hour:\n\n${link}\n\nIf it was not you, ignore this e-mail: your password stays the same.\n`,
  })
}
