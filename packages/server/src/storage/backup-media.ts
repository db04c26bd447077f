// Local media inside a SQLite backup (`phare backup --media`): one file holds the whole
// server. The files ride in a table of the backup copy, which the restore writes back
// under PHARE_DATA_DIR/media and then drops. Copied after the database snapshot, so every
// file a backed-up post refers to already exists (files are written before their post).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import SQLite from 'better-sqlite3'
import { BackupError } from './backup.ts'

const TABLE = 'phare_backup_media'

export interface MediaCount { files: number; bytes: number }

/** Every regular file under `dir` (half-written `.tmp` files left out), as paths relative to it. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.tmp'))
    .map((e) => relative(dir, join(e.parentPath, e.name)))
}

/** Whether `dir` holds any media file. */
export function hasMedia(dir: string): boolean { return filesUnder(dir).length > 0 }

/** Adds the files under `mediaDir` to the SQLite backup `file`. */
export function addMediaToBackup(file: string, mediaDir: string): MediaCount {
  const db = new SQLite(file, { fileMustExist: true })
  const count = { files: 0, bytes: 0 }
  try {
    db.exec(`CREATE TABLE ${TABLE} (path TEXT PRIMARY KEY, data BLOB NOT NULL)`)
    const insert = db.prepare(`INSERT INTO ${TABLE} (path, data) VALUES (?, ?)`)
    const paths = filesUnder(mediaDir)
    // In batches: one commit per file would be slow, one for all would hold every file's pages in the journal at once.
    for (let i = 0; i < paths.length; i += 200) {
      db.transaction(() => {
        for (const p of paths.slice(i, i + 200)) {
          let data: Buffer
          // A file deleted since the listing (its post was deleted) is simply not backed up.
          try { data = readFileSync(join(mediaDir, p)) } catch { continue }
          insert.run(p.split(sep).join('/'), data)
          count.files++
          count.bytes += data.length
        }
      })()
    }
  } finally {
    db.close()
  }
  return count
}

/** Whether a SQLite backup carries media files. */
export function backupHasMedia(file: string): boolean {
  const db = new SQLite(file, { readonly: true, fileMustExist: true })
  try { return !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(TABLE) } finally { db.close() }
}

/** Writes the media carried by the restored database `dbFile` under `mediaDir`, then removes them from it. */
export function restoreMedia(dbFile: string, mediaDir: string): MediaCount {
  const db = new SQLite(dbFile, { fileMustExist: true })
  const count = { files: 0, bytes: 0 }
  const root = resolve(mediaDir)
  try {
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(TABLE)) return count
    for (const row of db.prepare(`SELECT path, data FROM ${TABLE}`).iterate() as Iterable<{ path: string; data: Buffer }>) {
      const target = resolve(root, row.path)
      // A backup is a file from elsewhere: nothing in it may write outside the media directory.
      if (!target.startsWith(root + sep)) throw new BackupError(`the backup holds a media path outside the media directory: ${row.path}`)
      mkdirSync(dirname(target), { recursive: true })
      writeFileSync(`${target}.restoring`, row.data)
      renameSync(`${target}.restoring`, target)
      count.files++
      count.bytes += row.data.length
    }
    db.exec(`DROP TABLE ${TABLE}`)
    db.exec('VACUUM')
  } finally {
    db.close()
  }
  return count
}
