// The operator CLI (`npx phare …`). Each command is a small module; this file only dispatches.
import { ConfigError } from '../config.ts'
import { PhareError } from '../errors.ts'
import { migrate } from './migrate.ts'
import { configCheck } from './config-check.ts'
import { limitsCheck } from './limits-check.ts'
import { accountsApprove, accountsCreate, accountsDelete } from './accounts.ts'
import { appsPlan, appsTrust } from './apps.ts'
import { UsageError } from './usage-error.ts'
import { flagsCreate, flagsKill, flagsList, flagsRevive, flagsStage, flagsWatch } from './flags.ts'
import { readOnlyCommand } from './read-only.ts'
import { backup } from './backup.ts'
import { restore } from './restore.ts'

const USAGE = `Usage: phare <command>

Commands:
  migrate                               bring the database schema up to date
  migrate --dry-run                     print the pending migrations and whether old nodes survive them; change nothing
  config check                          validate the configuration and print it (secrets masked)
  limits check                          validate the rate limits and print them, with what a heavy day uses
  accounts create <username> --email E [--password P] [--role user|moderator|admin]
                                        create a confirmed, approved account
  accounts approve <username>           let a pending sign-up use its account
  accounts delete <username> --yes      delete an account for good (posts, media, follows); the name stays taken
  apps plan <client_id> <plan>          put a third-party app on an API plan (README "API plans"); a client id
                                        that starts with "-" goes after "--": apps plan -- <client_id> <plan>
  apps trust <client_id> [--off]        make an app first-party: no API plan, no consent screen (--off undoes it)
  flags list                            the feature flags: state, percentage, lists (README "Feature flags and rollouts")
  flags create <key> [--description D] [--percentage N] [--allow a,b] [--deny c]
                                        create a flag (0% unless --percentage; lists take usernames or ids)
  flags stage <key> <percent> [--reason R]
                                        roll a flag out to a percentage (1 → 10 → 50 → 100)
  flags kill <key> [--reason R]         off for everyone at once (flags revive <key> undoes it)
  flags watch <key> [--url U] [--interval S]
                                        follow a rollout: state, events and the live cohorts of the server at U
  read-only on "message" | off | status
                                        refuse every write on every node, with a message for people (or lift it)
  backup <file> [--media] [--force]     consistent online backup of the database (the server may run); --media adds local media (SQLite)
  restore <file> --yes [--force]        restore a backup into a stopped, empty database (--force replaces a non-empty one)
  help                                  show this help

Configuration comes from PHARE_* environment variables (and PHARE_CONFIG_FILE), as for the server.`

async function run(argv: string[]): Promise<number> {
  const [cmd, sub, ...rest] = argv
  switch (cmd) {
    case undefined: case 'help': case '--help': case '-h':
      console.log(USAGE)
      return 0
    case 'migrate': return migrate(sub === undefined ? [] : [sub, ...rest])
    case 'config':
      if (sub !== 'check') throw new UsageError(`unknown config command "${sub ?? ''}"`)
      return configCheck(rest)
    case 'limits':
      if (sub !== 'check') throw new UsageError(`unknown limits command "${sub ?? ''}"`)
      return limitsCheck(rest)
    case 'accounts':
      if (sub === 'create') return accountsCreate(rest)
      if (sub === 'approve') return accountsApprove(rest)
      if (sub === 'delete') return accountsDelete(rest)
      throw new UsageError(`unknown accounts command "${sub ?? ''}"`)
    case 'apps':
      if (sub === 'plan') return appsPlan(rest)
      if (sub === 'trust') return appsTrust(rest)
      throw new UsageError(`unknown apps command "${sub ?? ''}"`)
    case 'flags': {
      const commands: Record<string, (a: string[]) => Promise<number>> = { list: flagsList, create: flagsCreate, stage: flagsStage, kill: flagsKill, revive: flagsRevive, watch: flagsWatch }
      const command = sub !== undefined && Object.hasOwn(commands, sub) ? commands[sub] : undefined
      if (!command) throw new UsageError(`unknown flags command "${sub ?? ''}"`)
      return command(rest)
    }
    case 'read-only': return readOnlyCommand(sub === undefined ? [] : [sub, ...rest])
    case 'backup': return backup(sub === undefined ? [] : [sub, ...rest])
    case 'restore': return restore(sub === undefined ? [] : [sub, ...rest])
    default:
      throw new UsageError(`unknown command "${cmd}"`)
  }
}

run(process.argv.slice(2)).then((code) => process.exit(code), (err: unknown) => {
  if (err instanceof UsageError || (err as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS')) {
    console.error(`phare: ${(err as Error).message}\n\n${USAGE}`)
    process.exit(2)
  }
  if (err instanceof ConfigError) { console.error(err.message); process.exit(78) }
  if (err instanceof PhareError) { console.error(`phare: ${err.message}`); process.exit(1) }
  console.error(err)
  process.exit(1)
})
