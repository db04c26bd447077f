import { parseArgs } from 'node:util'
import { loadConfig, settingDocs, type Config } from '../config.ts'

const MASK = '****'

/** Hides the password of a URL and the value of anything named like a secret. */
export function maskSecret(key: string, value: unknown): string {
  if (value === null || value === undefined) return '(unset)'
  const s = String(value)
  if (/secret|password|token|key/i.test(key)) return s ? MASK : s
  try {
    const u = new URL(s)
    if (u.password) { u.password = MASK; return u.toString() }
  } catch { /* not a URL */ }
  return s
}

const envKey = (prop: string) => `PHARE_${prop.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`

/** The effective configuration as KEY=value lines, secrets masked. */
export function describeConfig(config: Config): string {
  const docs = new Map(settingDocs.map((d) => [d.key, d.doc]))
  // The policies themselves are printed by `phare limits check`.
  return Object.entries(config).filter(([prop]) => prop !== 'limits').map(([prop, value]) => {
    const key = envKey(prop)
    return `${key}=${maskSecret(key, value)}${docs.has(key) ? `    # ${docs.get(key)}` : ''}`
  }).join('\n')
}

/** `phare config check`: exit 0 and the effective settings, or the problems (ConfigError, exit 78). */
export async function configCheck(args: string[]): Promise<number> {
  parseArgs({ args, options: {}, allowPositionals: false })
  const config = loadConfig()
  console.log(`The configuration is valid. Effective settings:\n${describeConfig(config)}`)
  return 0
}
