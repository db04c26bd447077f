// The server-rendered pages of sign-in, consent and account e-mails: plain HTML,
// inline CSS, no script and no external asset. Every interpolated value is escaped.
import { escapeHtml as e } from '../../views/html.ts'

const CSS = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f4f6;color:#1b1b1f}
main{max-width:26rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin:0 0 1rem}label{display:block;margin:.8rem 0 .2rem;font-weight:600}
input[type=email],input[type=password],input[type=text]{width:100%;box-sizing:border-box;padding:.6rem;border:1px solid #767680;border-radius:6px;font:inherit}
button{margin-top:1.2rem;padding:.6rem 1.2rem;border:0;border-radius:6px;font:inherit;font-weight:600;background:#3a3ad0;color:#fff;cursor:pointer}
button.secondary{background:#e4e4ea;color:#1b1b1f;margin-left:.5rem}button:focus,input:focus{outline:3px solid #f0a020;outline-offset:1px}
.error{background:#fde8e8;color:#8a1010;padding:.6rem;border-radius:6px}.note{color:#55555f;font-size:.9rem}
code{display:block;word-break:break-all;background:#eee;padding:.6rem;border-radius:6px;font-size:1.1rem}ul{padding-left:1.2rem}`

/** A whole page around `body` (already-escaped HTML). */
export function page(title: string, body: string, lang = 'en'): string {
  const l = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(lang) ? lang : 'en'
  return `<!doctype html><html lang="${l}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${e(title)}</title><style>${CSS}</style></head><body><main>${body}</main></body></html>`
}

/** Hidden inputs carrying values through a form. */
export function hidden(values: Record<string, string | null | undefined>): string {
  return Object.entries(values).filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `<input type="hidden" name="${e(k)}" value="${e(String(v))}">`).join('')
}

const errorBox = (error: string | null) => error ? `<p class="error" role="alert">${e(error)}</p>` : ''

/** The e-mail + password form. */
export function signInPage(o: { instance: string; appName: string | null; action: string; csrf: string; carry: Record<string, string | undefined>; email?: string; error?: string | null; lang?: string }): string {
  return page(`Sign in to ${o.instance}`, `<h1>Sign in to ${e(o.instance)}</h1>` +
    (o.appName ? `<p><strong>${e(o.appName)}</strong> asks you to sign in.</p>` : '') + errorBox(o.error ?? null) +
    `<form method="post" action="${e(o.action)}">${hidden({ ...o.carry, authenticity_token: o.csrf, step: 'sign_in' })}` +
    `<label for="email">E-mail address</label><input id="email" name="email" type="email" autocomplete="username" required value="${e(o.email ?? '')}">` +
    `<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>` +
    `<button type="submit">Sign in</button></form>`, o.lang)
}

const SCOPE_TEXT: Record<string, string> = {
  read: 'read all your account data', write: 'modify all your account data (post, follow, edit your profile)',
  follow: 'modify account relationships', push: 'receive your push notifications', profile: 'read only your account information',
}
const scopeText = (s: string) => SCOPE_TEXT[s] ?? (s.startsWith('read:') ? `read your ${s.slice(5)}` : s.startsWith('write:') ? `change your ${s.slice(6)}` : s)

/** The consent page: names the app and what it will be allowed to do. */
export function consentPage(o: { instance: string; appName: string; website: string | null; username: string; scopes: string[]; csrf: string; carry: Record<string, string | undefined>; lang?: string }): string {
  return page(`Authorize ${o.appName}`, `<h1>Authorize ${e(o.appName)}?</h1>` +
    `<p>Signed in as <strong>@${e(o.username)}</strong> on ${e(o.instance)}.</p>` +
    (o.website ? `<p class="note">Application website: ${e(o.website)}</p>` : '') +
    `<p>This application will be able to:</p><ul>${o.scopes.map((s) => `<li>${e(scopeText(s))} <span class="note">(${e(s)})</span></li>`).join('')}</ul>` +
    `<form method="post">${hidden({ ...o.carry, authenticity_token: o.csrf })}` +
    `<button type="submit" name="step" value="approve">Authorize</button>` +
    `<button type="submit" name="step" value="deny" class="secondary">Deny</button></form>`, o.lang)
}

/** The out-of-band answer: the code to copy into the app. */
export function codePage(appName: string, code: string): string {
  return page('Authorization code', `<h1>Authorization code</h1><p>Copy this code and paste it into <strong>${e(appName)}</strong>.</p><code id="code">${e(code)}</code>`)
}

/** A message page (errors that must not be redirected, confirmations). */
export function messagePage(title: string, message: string, isError = false): string {
  return page(title, `<h1>${e(title)}</h1>${isError ? errorBox(message) : `<p>${e(message)}</p>`}`)
}
