// Account e-mails through a real SMTP server started here: confirmation and password reset.
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SMTPServer } from 'smtp-server'
import { startServer, type TestServer } from './support/server.ts'
import { api, registerApp, type TestApp } from './support/people.ts'

interface Mail { to: string; subject: string; text: string }
const inbox: Mail[] = []
let smtp: SMTPServer
let server: TestServer
let app: TestApp

/** Decodes what a mail client would show of a plain-text message. */
function parseMail(raw: string, to: string): Mail {
  const split = raw.indexOf('\r\n\r\n')
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ')
  let body = raw.slice(split + 4)
  if (/^content-transfer-encoding:\s*quoted-printable/im.test(headers)) {
    body = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
  } else if (/^content-transfer-encoding:\s*base64/im.test(headers)) {
    body = Buffer.from(body, 'base64').toString('utf8')
  }
  return { to, subject: /^subject:\s*(.*)$/im.exec(headers)?.[1] ?? '', text: body }
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        for (const rcpt of session.envelope.rcptTo) inbox.push(parseMail(Buffer.concat(chunks).toString('utf8'), rcpt.address))
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
  const port = (smtp.server.address() as AddressInfo).port
  server = await startServer({ PHARE_SMTP_URL: `smtp://127.0.0.1:${port}` })
  app = await registerApp(server)
})
afterAll(async () => {
  await server.close()
  await new Promise<void>((resolve) => smtp.close(() => resolve()))
})

/** Waits for the next mail to `to` whose subject matches, and returns the link in it. */
async function linkFromMail(to: string, subject: RegExp): Promise<string> {
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    const i = inbox.findIndex((m) => m.to === to && subject.test(m.subject))
    if (i >= 0) {
      const [mail] = inbox.splice(i, 1)
      const link = /(https?:\/\/\S+)/.exec(mail.text)?.[1]
      if (!link) throw new Error(`no link in mail: ${mail.text}`)
      return link
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`no mail to ${to} matching ${subject}`)
}

async function signUpUnconfirmed(username: string) {
  const r = await api(server, app.appToken, 'POST', '/api/v1/accounts', { username, email: `${username}@example.test`, password: `old password ${username}`, agreement: true })
  expect(r.status).toBe(200)
  return r.json.access_token as string
}

const passwordGrant = (username: string, password: string) =>
  api(server, null, 'POST', '/oauth/token', { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: `${username}@example.test`, password, scope: 'read' })

describe('e-mail confirmation', () => {
  it('a new account must confirm its address: its token is 403 account_unconfirmed until the mailed link is followed', async () => {
    const token = await signUpUnconfirmed('frank')
    const before = await api(server, token, 'GET', '/api/v1/accounts/verify_credentials')
    expect(before.status).toBe(403)
    expect(before.json.code).toBe('account_unconfirmed')

    const link = await linkFromMail('frank@example.test', /Confirm your e-mail/)
    expect(link.startsWith(`${server.url}/auth/confirmation?confirmation_token=`)).toBe(true)
    const page = await fetch(link)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('confirmed')
    expect((await api(server, token, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(200)
    // The link works once.
    expect((await fetch(link)).status).toBe(404)
  })

  it('the database keeps only a hash of the confirmation token', async () => {
    await signUpUnconfirmed('gina')
    const link = await linkFromMail('gina@example.test', /Confirm your e-mail/)
    const token = new URL(link).searchParams.get('confirmation_token')!
    const row = await server.ctx.db.selectFrom('users').select('confirmation_token').where('email', '=', 'gina@example.test').executeTakeFirstOrThrow()
    expect(row.confirmation_token).not.toBeNull()
    expect(row.confirmation_token).not.toContain(token)
  })

  it('a made-up confirmation token confirms nothing', async () => {
    const r = await fetch(`${server.url}/auth/confirmation?confirmation_token=made-up`)
    expect(r.status).toBe(404)
  })
})

describe('password reset', () => {
  it('a mailed link sets a new password; the old password, tokens and link stop working', async () => {
    const token = await signUpUnconfirmed('hugo')
    await fetch(await linkFromMail('hugo@example.test', /Confirm/))
    expect((await api(server, token, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(200)

    const asked = await fetch(`${server.url}/auth/password`, { method: 'POST', body: new URLSearchParams({ email: 'Hugo@Example.test' }) })
    expect(asked.status).toBe(200)
    const link = await linkFromMail('hugo@example.test', /Reset your password/)
    expect(link.startsWith(`${server.url}/auth/password/edit?reset_password_token=`)).toBe(true)
    const form = await fetch(link)
    expect(form.status).toBe(200)
    const html = await form.text()
    const hiddenToken = /name="reset_password_token" value="([^"]+)"/.exec(html)![1]

    const mismatch = await fetch(`${server.url}/auth/password/edit`, { method: 'POST', body: new URLSearchParams({ reset_password_token: hiddenToken, password: 'brand new pass', password_confirmation: 'other' }) })
    expect(mismatch.status).toBe(422)
    const short = await fetch(`${server.url}/auth/password/edit`, { method: 'POST', body: new URLSearchParams({ reset_password_token: hiddenToken, password: 'short', password_confirmation: 'short' }) })
    expect(short.status).toBe(422)
    const done = await fetch(`${server.url}/auth/password/edit`, { method: 'POST', body: new URLSearchParams({ reset_password_token: hiddenToken, password: 'brand new pass', password_confirmation: 'brand new pass' }) })
    expect(done.status).toBe(200)

    expect((await passwordGrant('hugo', 'old password hugo')).status).toBe(400)
    expect((await passwordGrant('hugo', 'brand new pass')).status).toBe(200)
    expect((await api(server, token, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(401)
    expect((await fetch(link)).status).toBe(404)
  })

  it('an unknown address gets the same answer and no mail', async () => {
    const r = await fetch(`${server.url}/auth/password`, { method: 'POST', body: new URLSearchParams({ email: 'nobody@example.test' }) })
    expect(r.status).toBe(200)
    expect(await r.text()).toContain('If an account uses this address')
    await server.ctx.queue.drain()
    expect(inbox.filter((m) => m.to === 'nobody@example.test')).toEqual([])
  })

  it('a reset link older than one hour is refused', async () => {
    await signUpUnconfirmed('ivan')
    await fetch(await linkFromMail('ivan@example.test', /Confirm/))
    await fetch(`${server.url}/auth/password`, { method: 'POST', body: new URLSearchParams({ email: 'ivan@example.test' }) })
    const link = await linkFromMail('ivan@example.test', /Reset your password/)
    await server.ctx.db.updateTable('users').set({ reset_expires_at: Date.now() - 1 }).where('email', '=', 'ivan@example.test').execute()
    expect((await fetch(link)).status).toBe(404)
    const token = new URL(link).searchParams.get('reset_password_token')!
    const r = await fetch(`${server.url}/auth/password/edit`, { method: 'POST', body: new URLSearchParams({ reset_password_token: token, password: 'brand new pass' }) })
    expect(r.status).toBe(404)
    expect((await passwordGrant('ivan', 'old password ivan')).status).toBe(200)
  })
})
