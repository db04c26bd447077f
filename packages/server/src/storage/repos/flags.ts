// The flags and flag_events tables (migration 0013).
import type { Kysely, Transaction } from 'kysely'
import type { Database, FlagEventsTable, FlagsTable } from '../schema.ts'
import { nextId } from '../../ids.ts'

type Q = Kysely<Database> | Transaction<Database>

/** Every flag, by key. The table is small (flags are created by hand), so it is always read whole. */
export async function allFlags(db: Q): Promise<FlagsTable[]> {
  return db.selectFrom('flags').selectAll().orderBy('key').execute()
}

/** One flag, or undefined. */
export async function flagByKey(db: Q, key: string): Promise<FlagsTable | undefined> {
  return db.selectFrom('flags').selectAll().where('key', '=', key).executeTakeFirst()
}

/** Inserts a flag; false when the key is taken. */
export async function insertFlag(db: Q, row: FlagsTable): Promise<boolean> {
  const r = await db.insertInto('flags').values(row).onConflict((c) => c.column('key').doNothing()).executeTakeFirst()
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0
}

/** Writes a flag's new state if it is still at `version` (so two nodes rolling back at once write once); true when written. */
export async function updateFlagAt(db: Q, key: string, version: number, set: Partial<Omit<FlagsTable, 'key' | 'created_at'>>): Promise<boolean> {
  const r = await db.updateTable('flags').set(set).where('key', '=', key).where('version', '=', version).executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** Records a change of a flag. */
export async function insertFlagEvent(db: Q, e: Omit<FlagEventsTable, 'id'>): Promise<FlagEventsTable> {
  const row = { id: nextId(), ...e }
  await db.insertInto('flag_events').values(row).execute()
  return row
}

/** The newest changes, of one flag or of all, newest first. */
export async function flagEvents(db: Q, key: string | null, limit: number): Promise<FlagEventsTable[]> {
  let q = db.selectFrom('flag_events').selectAll().orderBy('id', 'desc').limit(limit)
  if (key !== null) q = q.where('flag_key', '=', key)
  return q.execute()
}

/** Usernames of accounts by id, for showing allow-lists and actors. */
export async function usernamesOf(db: Q, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('accounts').select(['id', 'username']).where('id', 'in', ids).execute()
  return new Map(rows.map((r) => [Number(r.id), r.username]))
}

/** Ids of local accounts by lower-cased username. */
export async function idsOfUsernames(db: Q, names: string[]): Promise<Map<string, number>> {
  if (names.length === 0) return new Map()
  const rows = await db.selectFrom('accounts').select(['id', 'username_key']).where('username_key', 'in', names).execute()
  return new Map(rows.map((r) => [r.username_key, Number(r.id)]))
}
