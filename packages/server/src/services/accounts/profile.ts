// The one validation of profile edits (PATCH /api/v1/accounts/update_credentials).
import type { AppContext } from '../../context.ts'
import { ValidationFailed } from '../../errors.ts'

export const DISPLAY_NAME_MAX = 30
export const NOTE_MAX = 500
export const FIELDS_MAX = 4
export const FIELD_PART_MAX = 255

export interface ProfileInput {
  display_name?: unknown
  note?: unknown
  locked?: unknown
  bot?: unknown
  discoverable?: unknown
  fields_attributes?: unknown
  source?: { privacy?: unknown; sensitive?: unknown; language?: unknown }
}

/** What an edit changes; absent keys stay as they are. */
export interface ProfileChange {
  account: { display_name?: string; note?: string; locked?: number; bot?: number; discoverable?: number; fields?: string }
  user: { default_privacy?: 'public' | 'unlisted' | 'private'; default_sensitive?: number; default_language?: string | null }
}

const length = (s: string) => [...s].length

function text(field: string, v: unknown, max: number): string {
  if (typeof v !== 'string') throw ValidationFailed(field, 'must be text')
  const t = v.replace(/\r\n?/g, '\n')
  if (length(t) > max) throw ValidationFailed(field, `is too long (maximum is ${max} characters)`)
  return t
}

// Forms send "1"/"0"/"on"; JSON sends booleans: both mean the same.
function flag(field: string, v: unknown): number {
  if (v === true || v === 1 || v === 'true' || v === '1' || v === 'on') return 1
  if (v === false || v === 0 || v === 'false' || v === '0' || v === 'off' || v === '') return 0
  throw ValidationFailed(field, 'must be true or false')
}

/** Fields come as an array or as an object keyed "0".."3" (Rails' fields_attributes[0][name]); blank rows are dropped. */
export function parseFields(raw: unknown): { name: string; value: string; verified_at: null }[] {
  if (raw === '' || raw === null) return []
  let rows: unknown[]
  if (Array.isArray(raw)) rows = raw
  else if (raw && typeof raw === 'object') {
    rows = Object.entries(raw as Record<string, unknown>).sort(([a], [b]) => Number(a) - Number(b) || a.localeCompare(b)).map(([, v]) => v)
  } else throw ValidationFailed('fields_attributes', 'must be a list of { name, value }')
  const fields = rows.map((r, i) => {
    if (!r || typeof r !== 'object') throw ValidationFailed(`fields_attributes.${i}`, 'must have a name and a value')
    const { name = '', value = '' } = r as { name?: unknown; value?: unknown }
    return { name: text(`fields_attributes.${i}.name`, name, FIELD_PART_MAX).trim(), value: text(`fields_attributes.${i}.value`, value, FIELD_PART_MAX).trim(), verified_at: null }
  }).filter((f) => f.name || f.value)
  if (fields.length > FIELDS_MAX) throw ValidationFailed('fields_attributes', `has too many fields (maximum is ${FIELDS_MAX})`)
  return fields
}

/** Validates an edit and says what it changes; throws ValidationFailed naming the first bad field. */
export function validateProfile(input: ProfileInput): ProfileChange {
  const account: ProfileChange['account'] = {}
  const user: ProfileChange['user'] = {}
  if (input.display_name !== undefined) account.display_name = text('display_name', input.display_name, DISPLAY_NAME_MAX).replace(/\s+/g, ' ').trim()
  if (input.note !== undefined) account.note = text('note', input.note, NOTE_MAX).trim()
  if (input.locked !== undefined) account.locked = flag('locked', input.locked)
  if (input.bot !== undefined) account.bot = flag('bot', input.bot)
  if (input.discoverable !== undefined) account.discoverable = flag('discoverable', input.discoverable)
  if (input.fields_attributes !== undefined) account.fields = JSON.stringify(parseFields(input.fields_attributes))
  const src = input.source
  if (src !== undefined && (typeof src !== 'object' || src === null)) throw ValidationFailed('source', 'must be an object')
  if (src?.privacy !== undefined) {
    if (src.privacy !== 'public' && src.privacy !== 'unlisted' && src.privacy !== 'private') throw ValidationFailed('source.privacy', 'must be public, unlisted or private')
    user.default_privacy = src.privacy
  }
  if (src?.sensitive !== undefined) user.default_sensitive = flag('source.sensitive', src.sensitive)
  if (src?.language !== undefined) {
    if (src.language === null || src.language === '') user.default_language = null
    else if (typeof src.language === 'string' && /^[a-z]{2,3}$/.test(src.language)) user.default_language = src.language
    else throw ValidationFailed('source.language', 'must be an ISO 639 language code')
  }
  return { account, user }
}

/** Applies a profile edit to the signed-in person's account. */
export async function updateProfile(ctx: AppContext, accountId: number, input: ProfileInput): Promise<void> {
  const change = validateProfile(input)
  await ctx.db.transaction().execute(async (trx) => {
    if (Object.keys(change.account).length) await trx.updateTable('accounts').set(change.account).where('id', '=', accountId).execute()
    if (Object.keys(change.user).length) await trx.updateTable('users').set(change.user).where('account_id', '=', accountId).execute()
  })
  ctx.cache.changed({ accounts: [accountId] })
}
