import type { AppContext } from '../context.ts'
import { sendConfirmationMail, sendPasswordResetMail } from '../services/accounts/account-mail.ts'

/** mail.confirmation {userId} and mail.password_reset {userId}: the account e-mails. */
export default function accountMail(ctx: AppContext) {
  ctx.queue.register('mail.confirmation', async (p: { userId: number }) => sendConfirmationMail(ctx, p.userId))
  ctx.queue.register('mail.password_reset', async (p: { userId: number }) => sendPasswordResetMail(ctx, p.userId))
}
