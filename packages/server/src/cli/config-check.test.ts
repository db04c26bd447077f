import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { describeConfig, maskSecret } from './config-check.ts'

describe('config check output', () => {
  it('masks URL passwords and secret-named values, and leaves the rest readable', () => {
    expect(maskSecret('PHARE_SMTP_URL', 'smtps://me:pw@mail.example')).toBe('smtps://me:****@mail.example')
    expect(maskSecret('PHARE_API_SECRET', 'abc')).toBe('****')
    expect(maskSecret('PHARE_PUBLIC_URL', 'https://phare.example')).toBe('https://phare.example')
    expect(maskSecret('PHARE_DATABASE_URL', null)).toBe('(unset)')
  })

  it('names every setting by its environment variable', () => {
    const out = describeConfig(loadConfig({ PHARE_POLL_MAX_CHARS_PER_OPTION: '80' }))
    expect(out).toContain('PHARE_POLL_MAX_CHARS_PER_OPTION=80')
    expect(out).toContain('PHARE_PUBLIC_URL=http://localhost:8080')
  })
})
