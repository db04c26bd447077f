// Migrations are listed here (not discovered from the file system) so that their
// order is explicit and a missing file is a type error, not a silent skip.
import type { Migration, MigrationProvider } from 'kysely/migration'
import * as m0001 from './0001-core.ts'
import * as m0002 from './0002-accounts.ts'
import * as m0003 from './0003-statuses.ts'
import * as m0004 from './0004-follow-languages.ts'
import * as m0005 from './0005-timelines.ts'
import * as m0006 from './0006-lists.ts'
import * as m0007 from './0007-sign-in-failures.ts'
import * as m0008 from './0008-lighter-writes.ts'
import * as m0009 from './0009-quote-index.ts'
import * as m0010 from './0010-media.ts'
import * as m0011 from './0011-rooms.ts'
import * as m0012 from './0012-api-plans.ts'
import * as m0013 from './0013-flags.ts'
import * as m0014 from './0014-read-only.ts'
import * as m0016 from './0016-secrets.ts'

/**
 * expand: the previous version keeps working on the migrated schema (new tables, nullable
 * columns, indexes), so it may run while old nodes serve; contract: it removes or changes
 * what the previous version uses, so every node must run the new version first.
 */
export type Compatibility = 'expand' | 'contract'

/** A migration that says whether it is backwards compatible, and why in one line. */
export interface CheckedMigration extends Migration {
  compatibility: Compatibility
  reason: string
}

const all: Record<string, CheckedMigration> = {
  '0001-core': m0001,
  '0002-accounts': m0002,
  '0003-statuses': m0003,
  '0004-follow-languages': m0004,
  '0005-timelines': m0005,
  '0006-lists': m0006,
  '0007-sign-in-failures': m0007,
  '0008-lighter-writes': m0008,
  '0009-quote-index': m0009,
  '0010-media': m0010,
  '0011-rooms': m0011,
  '0012-api-plans': m0012,
  '0013-flags': m0013,
  '0014-read-only': m0014,
  '0016-secrets': m0016,
}

export const migrationProvider: MigrationProvider = { getMigrations: async () => all }

/** Every migration, in order, with its compatibility (for `phare migrate --dry-run`). */
export const migrations: Readonly<Record<string, CheckedMigration>> = all
