import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { CompiledQuery } from 'kysely'
import { inlineParameters } from './write-together.ts'

const q = (text: string, parameters: unknown[]) => ({ ...CompiledQuery.raw(text, parameters) })

describe('inlineParameters', () => {
  it('writes numbers, null, booleans and quoted strings in place of $n, $10 included', () => {
    const params = [1, null, true, "it's", 5, 6, 7, 8, 9, 'ten']
    expect(inlineParameters(q('select $1, $2, $3, $4, $10', params))).toBe("select 1, NULL, TRUE, 'it''s', 'ten'")
  })

  it('quotes any string so that it reads back as itself (no way out of the literal)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }).filter((s) => !s.includes('\u0000')), (s) => {
      const lit = inlineParameters(q('$1', [s]))
      // A backslash-free string is a plain '...' literal; with backslashes, an E'...' one with them doubled.
      const body = lit.startsWith(' E') || lit.startsWith('E') ? lit.replace(/^ ?E'/, '').slice(0, -1).replace(/\\\\/g, '\\') : lit.slice(1, -1)
      expect(body.replace(/''/g, "'")).toBe(s)
    }))
  })

  it('refuses what it cannot write safely', () => {
    expect(() => inlineParameters(q('$1', [Number.NaN]))).toThrow()
    expect(() => inlineParameters(q('$1', [{ a: 1 }]))).toThrow()
  })
})
