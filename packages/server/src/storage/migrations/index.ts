// Migrations are listed here (not discovered from the file system) so that their
// order is explicit and a missing file is a type error, not a silent skip.
import type { Migration, MigrationProvider } from 'kysely/migration'
import * as m0001 from './0001-core.ts'

const all: Record<string, Migration> = {
  '0001-core': m0001,
}

export const migrationProvider: MigrationProvider = { getMigrations: async () => all }
