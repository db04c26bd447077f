import { parseArgs } from 'node:util'
import { loadConfig, type Config } from '../config.ts'
import { describeSettings, maskSecret } from '../services/config-view.ts'

export { maskSecret }

/** The effective configuration as KEY=value lines, secrets masked. */
export function describeConfig(config: Config): string {
  return describeSettings(config).map((s) => `${s.key}=${s.value}${s.doc ? `    # ${s.doc}` : ''}`).join('\n')
}

/** `phare config check`: exit 0 and the effective settings, or the problems (ConfigError, exit 78). */
export async function configCheck(args: string[]): Promise<number> {
  parseArgs({ args, options: {}, allowPositionals: false })
  const config = loadConfig()
  console.log(`The configuration is valid. Effective settings:\n${describeConfig(config)}`)
  return 0
}
