import { parseArgs } from 'node:util'
import { randomBytes } from 'node:crypto'
import { register } from '../services/accounts/register.ts'
import { approveAccount } from '../services/accounts/approve.ts'
import { deleteAccountNamed } from '../services/accounts/delete-account.ts'
import { withContext } from './open.ts'
import { UsageError } from './usage-error.ts'
import { NotFound, PhareError } from '../errors.ts'

const ROLES = ['user', 'moderator', 'admin'] as const

/** `phare accounts create <username> --email E [--password P] [--role R]`. */
export async function accountsCreate(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string', default: 'user' } },
  })
  if (positionals.length !== 1) throw new UsageError('accounts create needs exactly one <username>')
  if (!values.email) throw new UsageError('accounts create needs --email')
  const role = values.role as (typeof ROLES)[number]
  if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`)
  const generated = values.password === undefined
  const password = values.password ?? randomBytes(15).toString('base64url')
  const [username] = positionals
  const created = await withContext((ctx) => register(ctx, { username, email: values.email!, password, agreement: true }, { role, bypassClosed: true }))
  console.log(`Created @${username} (id ${created.accountId}, role ${role}), confirmed and approved.`)
  if (generated) console.log(`Password: ${password}`)
  return 0
}

/** `phare accounts approve <username>`. */
export async function accountsApprove(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} })
  if (positionals.length !== 1) throw new UsageError('accounts approve needs exactly one <username>')
  const [username] = positionals
  const name = username.replace(/^@/, '')
  return forAccount(name, async () => {
    const changed = await withContext((ctx) => approveAccount(ctx, name))
    console.log(changed ? `Approved @${name}.` : `@${name} was already approved.`)
  })
}

/** Runs a command about one account; an unknown account is exit 1 with a message, not a stack trace. */
async function forAccount(name: string, run: () => Promise<void>): Promise<number> {
  try {
    await run()
    return 0
  } catch (err) {
    if (err instanceof PhareError && err.code === NotFound.code) {
      console.error(`phare: there is no account @${name}`)
      return 1
    }
    throw err
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** `phare accounts delete <username> --yes`. */
export async function accountsDelete(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { yes: { type: 'boolean', default: false } } })
  if (positionals.length !== 1) throw new UsageError('accounts delete needs exactly one <username>')
  const name = positionals[0].replace(/^@/, '')
  if (!values.yes) {
    console.error(`phare: deleting @${name} removes its posts, media and follows for good and cannot be undone; run again with --yes to delete it`)
    return 1
  }
  return forAccount(name, async () => {
    const d = await withContext((ctx) => deleteAccountNamed(ctx, name))
    console.log(d.already
      ? `@${d.username} (id ${d.accountId}) was already deleted; the removal of its data was queued again.`
      : `Deleted @${d.username} (id ${d.accountId}): it can no longer sign in and its profile and posts are gone from the API.`)
    console.log(`Revoked ${plural(d.tokensRevoked, 'access token')}, ended ${plural(d.sessionsEnded, 'browser session')}, dropped ${plural(d.requestsDropped, 'follow request')}.`)
    console.log(`The server's job queue now removes its ${plural(d.posts, 'post')}, media, follows and the rest (job account.delete); its username stays reserved.`)
  })
}
