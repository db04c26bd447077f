import { parseArgs } from 'node:util'
import { loadConfig } from '../config.ts'
import { openDatabase, migrateToLatest } from '../storage/db.ts'

/** `phare migrate`: runs pending migrations and names them. */
export async function migrate(args: string[]): Promise<number> {
  parseArgs({ args, options: {}, allowPositionals: false })
  const config = loadConfig()
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
