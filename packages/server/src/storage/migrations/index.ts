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
import * as m0015 from './0015-shared-secrets.ts'

const all: Record<string, Migration> = {
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
  '0015-shared-secrets': m0015,
}

export const migrationProvider: MigrationProvider = { getMigrations: async () => all }
