import nodemailer, { type Transporter } from 'nodemailer'
import type { AppContext } from '../../context.ts'
import { localDomain } from '../../config.ts'

const transports = new Map<string, Transporter>()

/** True when this server can send e-mail (PHARE_SMTP_URL is set). */
export const canSendMail = (ctx: Pick<AppContext, 'config'>) => !!ctx.config.smtpUrl

/** Sends a plain-text e-mail through PHARE_SMTP_URL; throws when it cannot (the job is retried). */
export async function sendMail(ctx: AppContext, m: { to: string; subject: string; text: string }): Promise<void> {
  const url = ctx.config.smtpUrl
  if (!url) throw new Error('PHARE_SMTP_URL is not set: cannot send e-mail')
  let t = transports.get(url)
  if (!t) transports.set(url, t = nodemailer.createTransport(url))
  const from = ctx.config.contactEmail || `no-reply@${localDomain(ctx.config).replace(/:\d+$/, '')}`
  await t.sendMail({ from: `${ctx.config.instanceTitle} <${from}>`, to: m.to, subject: m.subject, text: m.text })
}
