import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../context.ts'
import { PhareError } from '../../errors.ts'
import { answerUrl, approveAuthorization, checkAuthorizeRequest, type AuthorizeRequest } from '../../services/oauth/authorize.ts'
import { startWebSession, webSessionFor, WEB_SESSION_TTL_MS, type WebSession } from '../../services/oauth/web-sessions.ts'
import { signInWithPassword } from '../../services/accounts/sign-in.ts'
import { newSecret } from '../../services/oauth/tokens.ts'
import { CSRF_COOKIE, SESSION_COOKIE, readCookie, setCookie } from './cookies.ts'
import { codePage, consentPage, messagePage, signInPage } from './pages.ts'
import { sendPage } from './html-reply.ts'
import { pickLang, t, type Lang } from './i18n.ts'

const s = (max: number) => Type.Optional(Type.String({ maxLength: max }))
const Params = Type.Object({
  client_id: s(200), redirect_uri: s(2000), response_type: s(50), scope: s(2000), state: s(2000),
  code_challenge: s(200), code_challenge_method: s(20), force_login: s(10), lang: s(20),
})
const Form = Type.Object({
  ...Params.properties, step: s(20), authenticity_token: s(200), email: s(400), password: s(2000),
})
type P = typeof Params.static

// The authorization request travels through the forms as hidden fields.
const carried = (p: P) => ({
  client_id: p.client_id, redirect_uri: p.redirect_uri, response_type: p.response_type, scope: p.scope,
  state: p.state, code_challenge: p.code_challenge, code_challenge_method: p.code_challenge_method, lang: p.lang,
})
const query = (p: P) => new URLSearchParams(Object.entries(carried(p)).filter((e): e is [string, string] => e[1] !== undefined)).toString()

/** GET shows sign-in or consent; POST handles both forms. Answers go only to a registered redirect_uri. */
export default function authorize(app: FastifyInstance, ctx: AppContext) {
  const secure = ctx.config.publicUrl.startsWith('https:')
  const instance = () => ctx.config.instanceTitle

  const langOf = (req: FastifyRequest, p: P): Lang => pickLang(p.lang, req.headers['accept-language'])

  async function checked(req: FastifyRequest, reply: FastifyReply, p: P): Promise<AuthorizeRequest | null> {
    try { return await checkAuthorizeRequest(ctx, p) } catch (err) {
      if (!(err instanceof PhareError)) throw err
      const lang = langOf(req, p)
      sendPage(reply, 400, messagePage(t(lang).failed, err.message, true, lang))
      return null
    }
  }

  function showSignIn(req: FastifyRequest, reply: FastifyReply, p: P, appName: string, status = 200, error: string | null = null, email?: string) {
    // Double-submit token: the form's hidden value must equal this cookie, which another site can neither read nor set.
    let csrf = readCookie(req, CSRF_COOKIE)
    if (!csrf || csrf.length < 32) {
      csrf = newSecret()
      setCookie(reply, secure, CSRF_COOKIE, csrf, 86_400)
    }
    return sendPage(reply, status, signInPage({ instance: instance(), appName, action: '/oauth/authorize', csrf, carry: carried(p), email, error, lang: langOf(req, p) }))
  }

  async function showConsent(req: FastifyRequest, reply: FastifyReply, r: AuthorizeRequest, session: WebSession, p: P) {
    const acct = await ctx.db.selectFrom('accounts').select('username').where('id', '=', session.accountId).executeTakeFirstOrThrow()
    return sendPage(reply, 200, consentPage({
      instance: instance(), appName: r.app.name, website: r.app.website, username: acct.username,
      scopes: r.scopes, csrf: session.csrf, carry: carried(p), lang: langOf(req, p), switchUrl: `/oauth/authorize?${query(p)}&force_login=1`,
    }))
  }

  async function answer(req: FastifyRequest, reply: FastifyReply, r: AuthorizeRequest, accountId: number, status: 302 | 303, p: P) {
    const { code, url } = await approveAuthorization(ctx, r, accountId)
    return url ? reply.redirect(url, status) : sendPage(reply, 200, codePage(r.app.name, code, langOf(req, p)))
  }

  function refuse(req: FastifyRequest, reply: FastifyReply, r: AuthorizeRequest, error: { error: string; description: string }, status: 302 | 303, p: P) {
    const url = answerUrl(r, { error: error.error, error_description: error.description })
    return url ? reply.redirect(url, status) : sendPage(reply, 400, messagePage(t(langOf(req, p)).failed, error.description, true, langOf(req, p)))
  }

  app.get<{ Querystring: P }>('/oauth/authorize', { schema: { querystring: Params } }, async (req, reply) => {
    const p = req.query
    const r = await checked(req, reply, p)
    if (!r) return reply
    if (r.error) return refuse(req, reply, r, r.error, 302, p)
    const session = await webSessionFor(ctx, readCookie(req, SESSION_COOKIE))
    if (!session || p.force_login === 'true' || p.force_login === '1') return showSignIn(req, reply, p, r.app.name)
    // First-party apps an admin marked trusted need no consent screen.
    if (r.app.trusted) return answer(req, reply, r, session.accountId, 302, p)
    return showConsent(req, reply, r, session, p)
  })

  app.post<{ Body: typeof Form.static }>('/oauth/authorize', { schema: { body: Form } }, async (req, reply) => {
    const f = req.body
    const m = t(langOf(req, f))
    const r = await checked(req, reply, f)
    if (!r) return reply
    if (r.error) return refuse(req, reply, r, r.error, 303, f)
    if (f.step === 'sign_in') {
      const cookie = readCookie(req, CSRF_COOKIE)
      if (!cookie || f.authenticity_token !== cookie) return showSignIn(req, reply, f, r.app.name, 403, m.expired)
      const result = await signInWithPassword(ctx, f.email ?? '', f.password ?? '', req.ip)
      if (!result.ok && result.reason === 'throttled') {
        reply.header('retry-after', String(result.retryAfterSeconds))
        return showSignIn(req, reply, f, r.app.name, 429, m.throttled(Math.max(1, Math.ceil(result.retryAfterSeconds / 60))), f.email)
      }
      if (!result.ok) return showSignIn(req, reply, f, r.app.name, 422, m[result.reason], f.email)
      const session = await startWebSession(ctx, result.user.id)
      setCookie(reply, secure, SESSION_COOKIE, session.id, WEB_SESSION_TTL_MS / 1000)
      // Back to the GET, so a reload does not resubmit the password (and force_login is not asked twice).
        return reply.redirect(`/oauth/authorize?${query(f)}`, 303)
    }
    const session = await webSessionFor(ctx, readCookie(req, SESSION_COOKIE))
    if (!session) return showSignIn(req, reply, f, r.app.name, 401, m.signInToContinue)
    const lang = langOf(req, f)
    if (f.authenticity_token !== session.csrf) return sendPage(reply, 403, messagePage(m.failed, m.formExpired, true, lang))
    if (f.step === 'deny') return refuse(req, reply, r, { error: 'access_denied', description: 'The resource owner or authorization server denied the request.' }, 303, f)
    if (f.step === 'approve') return answer(req, reply, r, session.accountId, 303, f)
    return sendPage(reply, 400, messagePage(m.failed, m.unknownAction, true, lang))
  })
}
