import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { describeConfig, maskSecret } from './config-check.ts'

describe('config check output', () => {
  it('masks URL credentials (user and password) and secret-named values, and leaves the rest readable', () => {
    expect(maskSecret('PHARE_SMTP_URL', 'smtps://me:pw@mail.example')).toBe('smtps://****:****@mail.example')
    expect(maskSecret('PHARE_REDIS_URL', 'redis://:pw@127.0.0.1:6379')).toBe('redis://:****@127.0.0.1:6379')
    expect(maskSecret('PHARE_DATABASE_URL', 'postgres://phare:hunter2@db/phare')).not.toContain('hunter2')
    expect(maskSecret('PHARE_METRICS_TOKEN', 'abc')).toBe('****')
    expect(maskSecret('PHARE_MEDIA_S3_ACCESS_KEY_ID', 'AKIA')).toBe('****')
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
