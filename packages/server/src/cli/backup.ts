import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config.ts'
import { backupPostgres, backupSqlite, BackupError } from '../storage/backup.ts'
import { addMediaToBackup } from '../storage/backup-media.ts'
import { UsageError } from './usage-error.ts'

/** What the database backup leaves out, said after every backup so that nobody learns it on restore day. */
export function mediaNote(config: { mediaS3Bucket: string | null; dataDir: string }, after: 'backup' | 'restore' = 'backup'): string {
  const where = config.mediaS3Bucket ? `the S3 bucket "${config.mediaS3Bucket}"` : resolve(config.dataDir, 'media')
  if (after === 'restore') return `Media files were not in the backup: put ${where} back from where you keep its copy.`
  return config.mediaS3Bucket
    ? `Media files are not in this backup: they are in ${where}; back it up separately (versioning or replication).`
    : `Media files are not in this backup: copy ${where} separately (e.g. rsync -a), after the database backup.`
}

/** `phare backup <file> [--media] [--force]`: a consistent copy of the live database (the server may keep running). */
export async function backup(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, options: { force: { type: 'boolean' }, media: { type: 'boolean' } }, allowPositionals: true })
  if (positionals.length !== 1) throw new UsageError('backup needs exactly one <file> to write')
  const file = resolve(positionals[0]!)
  if (existsSync(file) && !values.force) {
    console.error(`phare: ${file} already exists; choose a new file or pass --force to overwrite it`)
    return 1
  }
  const config = loadConfig()
  if (values.media && (config.databaseUrl || config.mediaS3Bucket)) {
    console.error(`phare: --media puts local media files into a SQLite backup; ${config.mediaS3Bucket ? 'media is in the S3 bucket: back the bucket up' : `with PostgreSQL, copy ${resolve(config.dataDir, 'media')}`} separately`)
    return 1
  }
  const started = Date.now()
  try {
    if (config.databaseUrl) await backupPostgres(config.databaseUrl, file)
    else await backupSqlite(config.dataDir, file)
  } catch (err) {
    if (err instanceof BackupError) { console.error(`phare: ${err.message}`); return 1 }
    throw err
  }
  const media = values.media ? addMediaToBackup(file, join(config.dataDir, 'media')) : null
  const mb = (statSync(file).size / 1_048_576).toFixed(1)
  console.log(`Backed up ${config.databaseUrl ? 'PostgreSQL (pg_dump custom format)' : `SQLite in ${config.dataDir}`}${media ? ` with ${media.files} media file${media.files === 1 ? '' : 's'}` : ''} to ${file} (${mb} MB, ${((Date.now() - started) / 1000).toFixed(1)} s).`)
  if (!media) console.log(mediaNote(config))
  return 0
}
