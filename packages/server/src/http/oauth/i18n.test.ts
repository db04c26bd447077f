import { describe, expect, it } from 'vitest'
import { pickLang } from './i18n.ts'

describe('pickLang', () => {
  it('takes the language the app asked for when Phare speaks it', () => {
    expect(pickLang('fr', 'en')).toBe('fr')
    expect(pickLang('fr-CA', undefined)).toBe('fr')
    expect(pickLang('de', 'fr')).toBe('fr')
  })

  it('otherwise takes the browser’s best-rated language Phare speaks, else English', () => {
    expect(pickLang(undefined, 'fr-FR,fr;q=0.9,en-US;q=0.8')).toBe('fr')
    expect(pickLang(undefined, 'de-DE,de;q=0.9,fr;q=0.5,en;q=0.4')).toBe('fr')
    expect(pickLang(undefined, 'en;q=0.5,fr;q=0.8')).toBe('fr')
    expect(pickLang(undefined, 'fr;q=0,en')).toBe('en')
    expect(pickLang(undefined, 'de, ja')).toBe('en')
    expect(pickLang(undefined, '')).toBe('en')
    expect(pickLang(undefined, undefined)).toBe('en')
  })
})
