// The effective configuration as admins see it (API and `phare config check`): every setting
// with its value and doc, secrets masked so that the page can be shown or pasted safely.
import type { AppContext } from '../context.ts'
import type { Viewer } from '../http/auth.ts'
import { settingDocs, type Config } from '../config.ts'
import { assertAdmin } from './admin.ts'

const MASK = '****'
const SECRET_KEY = /secret|password|token|key/i

/** Hides anything named like a secret, and the credentials (user:pass@) of a URL. */
export function maskSecret(key: string, value: unknown): string {
  if (value === null || value === undefined) return '(unset)'
  const s = Array.isArray(value) ? value.join(',') : typeof value === 'object' ? JSON.stringify(value) : String(value)
  if (SECRET_KEY.test(key)) return s ? MASK : s
  // Only the credentials are replaced: the rest of the URL stays as written.
  return s.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*)@/i, (_m, scheme: string, cred: string) =>
    `${scheme}${cred.split(':').map((part) => (part ? MASK : part)).join(':')}@`)
}

const envKey = (prop: string) => `PHARE_${prop.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`

/** Every effective setting (the rate-limit policies and plans are shown by `phare limits check`), secrets masked. */
export function describeSettings(config: Config): { key: string; value: string; doc: string | null }[] {
  const docs = new Map(settingDocs.map((d) => [d.key, d.doc]))
  return Object.entries(config).filter(([prop]) => prop !== 'limits' && prop !== 'plans').map(([prop, value]) => {
    const key = envKey(prop)
    return { key, value: maskSecret(key, value), doc: docs.get(key) ?? null }
  })
}

/** The effective configuration for an admin. */
export function effectiveConfig(ctx: AppContext, viewer: Viewer | null) {
  assertAdmin(viewer)
  return { settings: describeSettings(ctx.config) }
}
