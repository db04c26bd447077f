// `phare read-only on "message" | off | status`: the admin's read-only switch from the shell,
// stored in the database so every running node follows within a few seconds.
import { parseArgs } from 'node:util'
import { readDeliberate, CHECK_MS } from '../services/read-only/index.ts'
import { storeReadOnly } from '../services/read-only/admin.ts'
import { withContext } from './open.ts'
import { UsageError } from './usage-error.ts'

/** `phare read-only on "message" | off | status`. */
export async function readOnlyCommand(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} })
  const [what, message, ...more] = positionals
  if (more.length) throw new UsageError('read-only takes at most a message (quote it)')
  const within = `${Math.ceil(CHECK_MS / 1000)} seconds`
  switch (what) {
    case 'on':
      if (!message) throw new UsageError('read-only on needs a message for people, e.g. phare read-only on "Moving to a bigger disk, back at 14:00 UTC"')
      await withContext((ctx) => storeReadOnly(ctx.db, message, null))
      console.log(`Read-only mode is on: every node refuses writes within ${within} and shows "${message.trim()}". Lift it with: phare read-only off`)
      return 0
    case 'off':
      if (message) throw new UsageError('read-only off takes no message')
      await withContext((ctx) => storeReadOnly(ctx.db, null, null))
      console.log(`Read-only mode set by an admin is off: nodes accept writes again within ${within} (unless their disk or database still refuses them).`)
      return 0
    case 'status': case undefined: {
      const d = await withContext((ctx) => readDeliberate(ctx.db))
      console.log(d ? `Read-only mode is on since ${new Date(d.since).toISOString()}: "${d.message}"` : 'Read-only mode is off (set by an admin; a node may still be read-only by itself for lack of space: GET /api/v1/phare/read_only).')
      return 0
    }
    default:
      throw new UsageError(`unknown read-only command "${what}" (on "message", off or status)`)
  }
}
