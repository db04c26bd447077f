// The server-rendered pages of sign-in, consent and account e-mails: plain HTML,
// inline CSS, no script and no external asset. Every interpolated value is escaped.
import { escapeHtml as e } from '../../views/html.ts'
import { t, type Lang } from './i18n.ts'

// The web app's colours, type and shapes (packages/web/src/styles.css), light or dark as the system is.
const CSS = `:root{color-scheme:light;--font:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Ubuntu,Cantarell,sans-serif;
--bg:#f4f4f8;--surface:#ffffff;--surface-2:#efeff5;--text:#16161d;--muted:#575a69;--border:#dedee7;--accent:#4b3fd6;--on-accent:#ffffff;
--danger:#b3261e;--danger-soft:#fbe9e8;--focus:#e38a00;--radius:14px;--shadow:0 1px 2px rgb(0 0 0 / 6%),0 4px 16px rgb(0 0 0 / 6%)}
@media (prefers-color-scheme:dark){:root{color-scheme:dark;--bg:#0e0f14;--surface:#16171e;--surface-2:#20212b;--text:#ececf2;--muted:#a6a9b8;
--border:#2b2d39;--accent:#968dff;--on-accent:#0e0f14;--danger:#ff8a80;--danger-soft:#3a1a1c;--shadow:0 1px 2px rgb(0 0 0 / 40%)}}
*,*::before,*::after{box-sizing:border-box}body{font:15px/1.5 var(--font);margin:0;background:var(--bg);color:var(--text);overflow-wrap:anywhere}
header{max-width:27rem;margin:2rem auto 0;padding:0 1rem;font-weight:700;font-size:1.15rem}header a{color:inherit;text-decoration:none}
header a::before{content:"";display:inline-block;width:.7em;height:.7em;margin-right:.5em;border-radius:50%;background:var(--accent);box-shadow:0 0 0 .22em color-mix(in srgb,var(--accent) 28%,transparent)}
main{max-width:27rem;margin:1rem auto 3rem;padding:1.8rem;background:var(--surface);border:1px solid var(--border);border-radius:var(--radius);box-shadow:var(--shadow)}
h1{font-size:1.35rem;margin:0 0 1rem;line-height:1.25}label{display:block;margin:.9rem 0 .3rem;font-weight:600}a{color:var(--accent)}
input[type=email],input[type=password],input[type=text]{width:100%;padding:.6rem .75rem;border:1px solid var(--border);border-radius:10px;font:inherit;background:var(--surface-2);color:var(--text)}
button{margin-top:1.2rem;padding:.6rem 1.3rem;border:0;border-radius:999px;font:inherit;font-weight:600;background:var(--accent);color:var(--on-accent);cursor:pointer}
button.secondary{background:var(--surface-2);color:var(--text);border:1px solid var(--border);margin-left:.5rem}:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.error{background:var(--danger-soft);color:var(--danger);padding:.6rem .8rem;border-radius:10px;font-weight:600}.note{color:var(--muted);font-size:.9rem}
.links{margin-top:1.4rem;font-size:.95rem}.links p{margin:.3rem 0}
code{display:block;word-break:break-all;background:var(--surface-2);padding:.6rem;border-radius:10px;font-size:1.1rem}ul{padding-left:1.2rem}`

/** A whole page around `body` (already-escaped HTML); `brand` names the server in a header linking to its web app. */
export function page(title: string, body: string, lang = 'en', brand?: string): string {
  const l = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(lang) ? lang : 'en'
  return `<!doctype html><html lang="${l}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${e(title)}</title><style>${CSS}</style></head><body>` +
    (brand ? `<header><a href="/">${e(brand)}</a></header>` : '') + `<main>${body}</main></body></html>`
}

/** Hidden inputs carrying values through a form. */
export function hidden(values: Record<string, string | null | undefined>): string {
  return Object.entries(values).filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `<input type="hidden" name="${e(k)}" value="${e(String(v))}">`).join('')
}

const errorBox = (error: string | null) => error ? `<p class="error" role="alert">${e(error)}</p>` : ''

/** The e-mail + password form, in `lang`. */
export function signInPage(o: { instance: string; appName: string | null; action: string; csrf: string; carry: Record<string, string | undefined>; email?: string; error?: string | null; lang?: Lang }): string {
  const m = t(o.lang ?? 'en')
  return page(m.signInTitle(o.instance), `<h1>${e(m.signInTitle(o.instance))}</h1>` +
    (o.appName ? `<p>${m.asksToSignIn(e(o.appName))}</p>` : '') + errorBox(o.error ?? null) +
    `<form method="post" action="${e(o.action)}">${hidden({ ...o.carry, authenticity_token: o.csrf, step: 'sign_in' })}` +
    `<label for="email">${e(m.email)}</label><input id="email" name="email" type="email" autocomplete="username" required value="${e(o.email ?? '')}">` +
    `<label for="password">${e(m.password)}</label><input id="password" name="password" type="password" autocomplete="current-password" required>` +
    `<button type="submit">${e(m.signIn)}</button></form>` +
    `<div class="links"><p><a href="/auth/password/new">${e(m.forgot)}</a></p><p>${e(m.noAccount)} <a href="/sign-up">${e(m.signUp)}</a></p></div>`,
  o.lang, o.instance)
}

function scopeText(lang: Lang, s: string): string {
  const m = t(lang)
  return m.scopes[s] ?? (s.startsWith('read:') ? m.readPart(s.slice(5)) : s.startsWith('write:') ? m.writePart(s.slice(6)) : s)
}

/** The consent page: names the app and what it will be allowed to do. `switchUrl` signs in as someone else. */
export function consentPage(o: { instance: string; appName: string; website: string | null; username: string; scopes: string[]; csrf: string; carry: Record<string, string | undefined>; lang?: Lang; switchUrl?: string }): string {
  const lang = o.lang ?? 'en'
  const m = t(lang)
  return page(m.authorizeTitle(o.appName), `<h1>${e(m.authorizeQuestion(o.appName))}</h1>` +
    `<p>${m.signedInAs(e(o.username), e(o.instance))}` + (o.switchUrl ? ` <a href="${e(o.switchUrl)}">${e(m.otherAccount)}</a>` : '') + `</p>` +
    (o.website ? `<p class="note">${e(m.website)} ${e(o.website)}</p>` : '') +
    `<p>${e(m.willBeAble)}</p><ul>${o.scopes.map((s) => `<li>${e(scopeText(lang, s))} <span class="note">(${e(s)})</span></li>`).join('')}</ul>` +
    `<form method="post">${hidden({ ...o.carry, authenticity_token: o.csrf })}` +
    `<button type="submit" name="step" value="approve">${e(m.authorize)}</button>` +
    `<button type="submit" name="step" value="deny" class="secondary">${e(m.deny)}</button></form>`, lang, o.instance)
}

/** The out-of-band answer: the code to copy into the app. */
export function codePage(appName: string, code: string, lang: Lang = 'en'): string {
  const m = t(lang)
  return page(m.codeTitle, `<h1>${e(m.codeTitle)}</h1><p>${m.codeText(e(appName))}</p><code id="code">${e(code)}</code>`, lang)
}

/** A message page (errors that must not be redirected, confirmations). */
export function messagePage(title: string, message: string, isError = false, lang = 'en'): string {
  return page(title, `<h1>${e(title)}</h1>${isError ? errorBox(message) : `<p>${e(message)}</p>`}`, lang)
}
