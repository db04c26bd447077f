import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AppContext } from '../../context.ts'
import { endWebSession } from '../../services/oauth/web-sessions.ts'
import { SESSION_COOKIE, readCookie, setCookie } from '../oauth/cookies.ts'
import { messagePage } from '../oauth/pages.ts'
import { sendPage } from '../oauth/html-reply.ts'

const originOf = (url: string) => { try { return new URL(url).origin } catch { return null } }

/**
 * True when the request comes from one of this server's own pages. Browsers send Origin with
 * every form POST (and Sec-Fetch-Site); a page elsewhere cannot forge either, so another site
 * cannot sign a person out behind their back.
 */
function fromOwnPage(req: FastifyRequest, publicUrl: string): boolean {
  const own = new Set([originOf(publicUrl), `${req.protocol}://${req.host}`])
  const origin = req.headers.origin
  if (origin && origin !== 'null') return own.has(origin)
  const site = req.headers['sec-fetch-site']
  if (site) return site === 'same-origin'
  const referer = req.headers.referer
  return !!referer && own.has(originOf(referer))
}

/** POST /auth/sign_out — ends the browser's sign-in session of the OAuth pages, then back to the app. */
export default function signOut(app: FastifyInstance, ctx: AppContext) {
  const secure = ctx.config.publicUrl.startsWith('https:')
  app.post('/auth/sign_out', async (req, reply) => {
    if (!fromOwnPage(req, ctx.config.publicUrl)) {
      return sendPage(reply, 403, messagePage('Sign-out refused', 'This sign-out request did not come from this server’s own pages.', true))
    }
    const session = readCookie(req, SESSION_COOKIE)
    if (session) await endWebSession(ctx, session)
    setCookie(reply, secure, SESSION_COOKIE, '', 0)
    return reply.header('cache-control', 'no-store').redirect('/', 303)
  })
}
