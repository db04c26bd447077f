// Admin commands about OAuth apps: their API plan, and whether they are first-party (trusted).
import { parseArgs } from 'node:util'
import { setAppPlan, setAppTrusted } from '../services/plans/apps.ts'
import { NotFound, PhareError } from '../errors.ts'
import { withContext } from './open.ts'
import { UsageError } from './usage-error.ts'

async function forApp(clientId: string, run: () => Promise<void>): Promise<number> {
  try {
    await run()
    return 0
  } catch (err) {
    if (err instanceof PhareError && err.code === NotFound.code) {
      console.error(`phare: there is no app with client id ${clientId}`)
      return 1
    }
    throw err
  }
}

/** `phare apps plan <client_id> <plan>`. */
export async function appsPlan(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} })
  if (positionals.length !== 2) throw new UsageError('apps plan needs <client_id> and <plan>')
  const [clientId, plan] = positionals as [string, string]
  return forApp(clientId, async () => {
    const r = await withContext((ctx) => setAppPlan(ctx, clientId, plan))
    console.log(`"${r.name}" is now on the ${plan} plan (was ${r.before}); running servers apply it within 5 seconds.`)
  })
}

/** `phare apps trust <client_id> [--off]`. */
export async function appsTrust(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { off: { type: 'boolean', default: false } } })
  if (positionals.length !== 1) throw new UsageError('apps trust needs exactly one <client_id>')
  const [clientId] = positionals as [string]
  return forApp(clientId, async () => {
    const r = await withContext((ctx) => setAppTrusted(ctx, clientId, !values.off))
    console.log(values.off
      ? `"${r.name}" is a third-party app again: its API plan applies, and people see the consent screen.`
      : `"${r.name}" is now first-party (trusted): no API plan applies to it, only the per-person limits, and people see no consent screen.`)
  })
}
