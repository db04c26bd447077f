import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { parseFields, validateProfile } from './profile.ts'

describe('profile validation', () => {
  it('fields given as an indexed object are ordered by index, and blank rows dropped', () => {
    expect(parseFields({ 1: { name: 'b', value: '2' }, 0: { name: 'a', value: '1' }, 2: { name: '', value: '' } }).map((f) => f.name)).toEqual(['a', 'b'])
  })

  it('an empty string clears the fields', () => {
    expect(parseFields('')).toEqual([])
  })

  it('form-style flags are understood and anything else is refused', () => {
    expect(validateProfile({ locked: '1', bot: 'false', discoverable: true }).account).toEqual({ locked: 1, bot: 0, discoverable: 1 })
    expect(() => validateProfile({ locked: 'yes please' })).toThrow(/locked/)
  })

  it('display names are counted in characters, not UTF-16 units', () => {
    expect(validateProfile({ display_name: '🌻'.repeat(30) }).account.display_name).toBe('🌻'.repeat(30))
    expect(() => validateProfile({ display_name: '🌻'.repeat(31) })).toThrow(/display_name/)
  })

  it('any accepted edit stays within every limit', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 600 }), fc.array(fc.record({ name: fc.string({ maxLength: 300 }), value: fc.string({ maxLength: 300 }) }), { maxLength: 6 }), (name, note, fields) => {
      let change
      try { change = validateProfile({ display_name: name, note, fields_attributes: fields }) } catch { return }
      expect([...change.account.display_name!].length).toBeLessThanOrEqual(30)
      expect([...change.account.note!].length).toBeLessThanOrEqual(500)
      const saved = JSON.parse(change.account.fields!) as { name: string; value: string }[]
      expect(saved.length).toBeLessThanOrEqual(4)
      for (const f of saved) expect([...f.name].length <= 255 && [...f.value].length <= 255).toBe(true)
    }))
  })
})
