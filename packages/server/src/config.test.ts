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

  it('link previews are on by default and reach no extra hosts; the test-only allow-list takes host:port entries', () => {
    expect(loadConfig({})).toMatchObject({ previews: true, previewAllowHosts: [] })
    expect(loadConfig({ PHARE_PREVIEWS: 'off', PHARE_PREVIEW_ALLOW_HOSTS: '127.0.0.1:4000, [::1]:4001,Localhost:80' }))
      .toMatchObject({ previews: false, previewAllowHosts: ['127.0.0.1:4000', '[::1]:4001', 'localhost:80'] })
    expect(problemsOf({ PHARE_PREVIEWS: 'yes' })[0]).toMatch(/PHARE_PREVIEWS must be one of on, off/)
    expect(problemsOf({ PHARE_PREVIEW_ALLOW_HOSTS: '127.0.0.1' })[0]).toMatch(/PHARE_PREVIEW_ALLOW_HOSTS entries must be host:port/)
    expect(problemsOf({ PHARE_PREVIEW_ALLOW_HOSTS: 'a.example:0' })[0]).toMatch(/host:port/)
  })

  it('media stays on local disk unless a bucket is set; a bucket with its URL and keys gives the S3 settings', () => {
    expect(loadConfig({})).toMatchObject({ mediaS3Bucket: null, mediaS3Region: 'us-east-1', mediaS3ForcePathStyle: false })
    expect(loadConfig({
      PHARE_MEDIA_S3_BUCKET: 'media', PHARE_MEDIA_S3_ENDPOINT: 'http://minio.internal:9000/', PHARE_MEDIA_S3_REGION: 'eu-west-3',
      PHARE_MEDIA_S3_ACCESS_KEY_ID: 'AKID', PHARE_MEDIA_S3_SECRET_ACCESS_KEY: 's3cret', PHARE_MEDIA_S3_PUBLIC_URL: 'https://cdn.example/media/',
      PHARE_MEDIA_S3_FORCE_PATH_STYLE: 'true',
    })).toMatchObject({
      mediaS3Bucket: 'media', mediaS3Endpoint: 'http://minio.internal:9000', mediaS3Region: 'eu-west-3', mediaS3AccessKeyId: 'AKID',
      mediaS3SecretAccessKey: 's3cret', mediaS3PublicUrl: 'https://cdn.example/media', mediaS3ForcePathStyle: true,
    })
  })

  it('a media bucket without its public URL and keys names each missing key and what to set it to', () => {
    const p = problemsOf({ PHARE_MEDIA_S3_BUCKET: 'media' })
    expect(p).toHaveLength(3)
    expect(p[0]).toMatch(/PHARE_MEDIA_S3_PUBLIC_URL is required when PHARE_MEDIA_S3_BUCKET is set; set it to the URL the bucket's files are served from/)
    expect(p[1]).toMatch(/PHARE_MEDIA_S3_ACCESS_KEY_ID is required when PHARE_MEDIA_S3_BUCKET is set/)
    expect(p[2]).toMatch(/PHARE_MEDIA_S3_SECRET_ACCESS_KEY is required when PHARE_MEDIA_S3_BUCKET is set/)
    expect(problemsOf({ PHARE_MEDIA_S3_BUCKET: 'media', PHARE_MEDIA_S3_ACCESS_KEY_ID: 'AKID', PHARE_MEDIA_S3_SECRET_ACCESS_KEY: 'x' }))
      .toEqual([expect.stringMatching(/^PHARE_MEDIA_S3_PUBLIC_URL is required/)])
  })

  it('media S3 settings without a bucket are refused rather than ignored', () => {
    const p = problemsOf({ PHARE_MEDIA_S3_ACCESS_KEY_ID: 'AKID', PHARE_MEDIA_S3_SECRET_ACCESS_KEY: 's3cret' })
    expect(p).toEqual([
      expect.stringMatching(/^PHARE_MEDIA_S3_ACCESS_KEY_ID is set but PHARE_MEDIA_S3_BUCKET is not; set the bucket .* or remove PHARE_MEDIA_S3_ACCESS_KEY_ID$/),
      expect.stringMatching(/^PHARE_MEDIA_S3_SECRET_ACCESS_KEY is set but PHARE_MEDIA_S3_BUCKET is not/),
    ])
    expect(p.join('\n')).not.toContain('s3cret')
  })

  it('bad media S3 values name the key and the expected form', () => {
    const base = { PHARE_MEDIA_S3_BUCKET: 'media', PHARE_MEDIA_S3_ACCESS_KEY_ID: 'AKID', PHARE_MEDIA_S3_SECRET_ACCESS_KEY: 'x' }
    expect(problemsOf({ ...base, PHARE_MEDIA_S3_PUBLIC_URL: 'cdn.example' })[0]).toMatch(/PHARE_MEDIA_S3_PUBLIC_URL must be a URL/)
    expect(problemsOf({ ...base, PHARE_MEDIA_S3_PUBLIC_URL: 'https://cdn.example', PHARE_MEDIA_S3_ENDPOINT: 'ftp://s3.example' })[0])
      .toMatch(/PHARE_MEDIA_S3_ENDPOINT must use http: or https:/)
    expect(problemsOf({ ...base, PHARE_MEDIA_S3_PUBLIC_URL: 'https://cdn.example', PHARE_MEDIA_S3_FORCE_PATH_STYLE: 'yes' })[0])
      .toMatch(/PHARE_MEDIA_S3_FORCE_PATH_STYLE must be one of true, false/)
    expect(problemsOf({ ...base, PHARE_MEDIA_S3_PUBLIC_URL: 'https://cdn.example', PHARE_MEDIA_S3_REGION: 'EU West' })[0])
      .toMatch(/PHARE_MEDIA_S3_REGION must be a region name/)
  })

  it('only loopback proxies are believed about client addresses by default; the list takes addresses and CIDR ranges', () => {
    expect(loadConfig({}).trustedProxies).toEqual(['127.0.0.1', '::1'])
    expect(loadConfig({ PHARE_TRUSTED_PROXIES: '10.0.0.0/8, fd00::/8' }).trustedProxies).toEqual(['10.0.0.0/8', 'fd00::/8'])
    expect(problemsOf({ PHARE_TRUSTED_PROXIES: 'nginx.local' })[0]).toMatch(/PHARE_TRUSTED_PROXIES entries must be IP addresses or CIDR ranges.*"nginx.local"/)
    expect(problemsOf({ PHARE_TRUSTED_PROXIES: '10.0.0.0/33' })).toHaveLength(1)
  })

  it('live rooms: the WebRTC address must be an IP and the UDP range wide enough', () => {
    expect(loadConfig({}).rtcHost).toBe('127.0.0.1')
    expect(loadConfig({ PHARE_RTC_PORTS: '40000-40999' }).rtcPorts).toEqual([40000, 40999])
    expect(problemsOf({ PHARE_RTC_HOST: 'example.org' })[0]).toMatch(/PHARE_RTC_HOST must be an IPv4 or IPv6 address/)
    expect(problemsOf({ PHARE_RTC_PORTS: '40000-40003' })[0]).toMatch(/PHARE_RTC_PORTS must be a UDP port range/)
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
