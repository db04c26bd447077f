import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

const problemsOf = (env: Record<string, string>) => {
  try { loadConfig(env); return [] } catch (e) { if (e instanceof ConfigError) return e.problems; throw e }
}

describe('configuration', () => {
  it('defaults serve on port 8080 with SQLite and a 500-character limit', () => {
    const c = loadConfig({})
    expect(c.port).toBe(8080)
    expect(c.databaseUrl).toBeNull()
    expect(c.postMaxChars).toBe(500)
    expect(c.publicUrl).toBe('http://localhost:8080')
    expect(c.registrations).toBe('open')
  })

  it('the public URL follows the port when not given, and loses a trailing slash when given', () => {
    expect(loadConfig({ PHARE_PORT: '9000' }).publicUrl).toBe('http://localhost:9000')
    expect(loadConfig({ PHARE_PUBLIC_URL: 'https://social.example/' }).publicUrl).toBe('https://social.example')
  })

  it('an unknown PHARE_ key stops the start and suggests the right name', () => {
    const p = problemsOf({ PHARE_POST_MAX_CHAR: '600' })
    expect(p).toHaveLength(1)
    expect(p[0]).toContain('PHARE_POST_MAX_CHAR is not a Phare setting')
    expect(p[0]).toContain('PHARE_POST_MAX_CHARS')
  })

  it('a wrong type or a dangerous value names the key and the allowed range', () => {
    expect(problemsOf({ PHARE_PORT: 'eighty' })[0]).toMatch(/PHARE_PORT must be a whole number/)
    expect(problemsOf({ PHARE_POST_MAX_CHARS: '200000' })[0]).toMatch(/PHARE_POST_MAX_CHARS must be between 1 and 100000/)
    expect(problemsOf({ PHARE_POST_MAX_CHARS: '0' })[0]).toMatch(/between 1 and 100000/)
    expect(problemsOf({ PHARE_REGISTRATIONS: 'sometimes' })[0]).toMatch(/one of open, approval, closed/)
    expect(problemsOf({ PHARE_DATABASE_URL: 'mysql://x' })[0]).toMatch(/PHARE_DATABASE_URL must use postgres:/)
  })

  it('every problem is reported at once, not one per start', () => {
    expect(problemsOf({ PHARE_PORT: '-1', PHARE_LOG_LEVEL: 'loud', PHARE_NOPE: '1' })).toHaveLength(3)
  })

  it('keys from PHARE_CONFIG_FILE apply, and the environment wins over the file', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { tmpdir } = await import('node:os')
    const file = join(mkdtempSync(join(tmpdir(), 'phare-cfg-')), 'phare.env')
    writeFileSync(file, '# comment\nPHARE_POST_MAX_CHARS=1000\nPHARE_PORT=9001\n')
    const c = loadConfig({ PHARE_CONFIG_FILE: file, PHARE_PORT: '9002' })
    expect(c.postMaxChars).toBe(1000)
    expect(c.port).toBe(9002)
  })
})
