import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig, type Config } from '../config.ts'
import { executedMigrations, openDatabase, migrateToLatest } from '../storage/db.ts'
import { migrations } from '../storage/migrations/index.ts'
import { describePlan, planMigrations } from '../storage/migrations/plan.ts'

/** `phare migrate [--dry-run]`: runs pending migrations and names them, or only prints the plan. */
export async function migrate(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'dry-run': { type: 'boolean' } }, allowPositionals: false })
  const config = loadConfig()
  if (values['dry-run']) return dryRun(config)
  const { db, dialect } = openDatabase(config)
  try {
    const ran = await migrateToLatest(db)
    const where = dialect === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'
    if (ran.length === 0) console.log(`The database (${where}) is up to date.`)
    else console.log(`Ran ${ran.length} migration${ran.length > 1 ? 's' : ''} on ${where}:\n${ran.map((m) => `  ${m}`).join('\n')}`)
    return 0
  } finally {
    await db.destroy()
  }
}

/** Reads which migrations ran and prints the plan; writes nothing. */
async function dryRun(config: Config): Promise<number> {
  // Opening SQLite creates its file: a data directory without one has simply run nothing.
  if (!config.databaseUrl && !existsSync(join(config.dataDir, 'phare.sqlite'))) {
    console.log(describePlan(planMigrations(migrations, []), `SQLite in ${config.dataDir} (no database yet)`))
    return 0
  }
  const { db, dialect } = openDatabase(config)
  try {
    const executed = await executedMigrations(db)
    console.log(describePlan(planMigrations(migrations, executed), dialect === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'))
    return 0
  } finally {
    await db.destroy()
  }
}
