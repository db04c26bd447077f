import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config.ts'
import { backupKindOf, BackupError, postgresRestoreProblem, restorePostgres, restoreSqlite, sqliteFile, sqliteRestoreProblem } from '../storage/backup.ts'
import { backupHasMedia, hasMedia, restoreMedia } from '../storage/backup-media.ts'
import { mediaNote } from './backup.ts'
import { UsageError } from './usage-error.ts'

/** `phare restore <file> --yes [--force]`: puts a backup into the configured database, which must be stopped (and empty, without --force). */
export async function restore(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, options: { yes: { type: 'boolean' }, force: { type: 'boolean' } }, allowPositionals: true })
  if (positionals.length !== 1) throw new UsageError('restore needs exactly one <file> made by phare backup')
  const file = resolve(positionals[0]!)
  const fail = (message: string) => { console.error(`phare: ${message}`); return 1 }
  if (!existsSync(file)) return fail(`${file} does not exist`)
  const kind = backupKindOf(file)
  if (!kind) return fail(`${file} is not a Phare backup (neither a SQLite database nor a pg_dump archive)`)
  const config = loadConfig()
  const target = config.databaseUrl ? 'postgres' : 'sqlite'
  if (kind !== target) {
    return fail(`${file} is a ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} backup but the configuration points at ${target === 'sqlite' ? 'SQLite (PHARE_DATABASE_URL is unset)' : 'PostgreSQL'}`)
  }
  if (!values.yes) return fail(`restore replaces the database; run it again with --yes to confirm`)
  const mediaDir = join(config.dataDir, 'media')
  const withMedia = kind === 'sqlite' && backupHasMedia(file)
  let media = null
  try {
    const problem = target === 'postgres' ? await postgresRestoreProblem(config.databaseUrl!, !!values.force) : sqliteRestoreProblem(config.dataDir, !!values.force)
    if (problem) return fail(problem)
    if (withMedia && !values.force && hasMedia(mediaDir)) return fail(`${mediaDir} already holds media files: restore into an empty data directory, or pass --force to write over them`)
    if (target === 'postgres') await restorePostgres(file, config.databaseUrl!)
    else restoreSqlite(file, config.dataDir)
    if (withMedia) media = restoreMedia(sqliteFile(config.dataDir), mediaDir)
  } catch (err) {
    if (err instanceof BackupError) return fail(err.message)
    throw err
  }
  console.log(`Restored ${file} into ${target === 'postgres' ? 'PostgreSQL' : `SQLite in ${config.dataDir}`}${media ? `, and ${media.files} media file${media.files === 1 ? '' : 's'} into ${mediaDir}` : ''}. Start Phare: it brings the schema up to date if the backup is older.`)
  if (!media) console.log(mediaNote(config, 'restore'))
  return 0
}
