// The S3 media store against a real S3 API server (s3rver) on loopback, as Phare uses it
// when PHARE_MEDIA_S3_BUCKET is set: files are uploaded by Phare and fetched by people
// straight from the bucket's public URL.
import type { EventEmitter } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import S3rver from 's3rver'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../packages/server/src/config.ts'
import { describeConfig } from '../packages/server/src/cli/config-check.ts'
import { s3MediaStore, type S3StoreOptions } from '../packages/server/src/services/media/s3-store.ts'
import { contentKey, type MediaStore } from '../packages/server/src/services/media/store.ts'
import { startServer } from './support/server.ts'
import { signUp } from './support/people.ts'
import { photo } from './support/images.ts'

let s3: S3rver
let endpoint: string
let dir: string
/** Keys s3rver received a PutObject for, in order. */
const uploads: string[] = []
const stores: MediaStore[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'phare-s3-'))
  s3 = new S3rver({ address: '127.0.0.1', port: 0, directory: dir, silent: true, configureBuckets: [{ name: 'media', configs: [] }] })
  const { port } = await s3.run()
  endpoint = `http://127.0.0.1:${port}`
  // s3rver is a Koa app (an EventEmitter) that announces object events like S3 notifications.
  ;(s3 as unknown as EventEmitter).on('event', (e: { Records: { eventName: string; s3: { object: { key: string } } }[] }) => {
    for (const r of e.Records) if (r.eventName === 'ObjectCreated:Put') uploads.push(r.s3.object.key)
  })
})

afterAll(async () => {
  for (const s of stores) await s.close?.()
  await s3.close()
  rmSync(dir, { recursive: true, force: true })
})

/** A store on the test bucket; s3rver's built-in account is S3RVER/S3RVER. */
function store(over: Partial<S3StoreOptions> = {}): MediaStore {
  const s = s3MediaStore({
    bucket: 'media', endpoint, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER',
    publicUrl: `${endpoint}/media`, forcePathStyle: true, ...over,
  })
  stores.push(s)
  return s
}

const picture = () => { const bytes = randomBytes(3000); return { bytes, key: contentKey(bytes, 'webp') } }

describe('S3 media store', () => {
  it('a stored file is served from its public URL with its bytes, its content type and an immutable cache header', async () => {
    const media = store()
    const { bytes, key } = picture()
    await media.put(key, bytes, 'image/webp')
    expect(media.urlOf(key)).toBe(`${endpoint}/media/${key}`)
    const res = await fetch(media.urlOf(key))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/webp')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true)
  })

  it('storing the same key twice is harmless and does not upload the bytes again', async () => {
    const media = store()
    const { bytes, key } = picture()
    await media.put(key, bytes, 'image/webp')
    await media.put(key, bytes, 'image/webp')
    expect(uploads.filter((k) => k === key)).toHaveLength(1)
    const res = await fetch(media.urlOf(key))
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true)
  })

  it('a deleted file is gone from its public URL, and deleting a missing key is not an error', async () => {
    const media = store()
    const { bytes, key } = picture()
    await media.put(key, bytes, 'image/png')
    await media.delete(key)
    expect((await fetch(media.urlOf(key))).status).toBe(404)
    await expect(media.delete(key)).resolves.toBeUndefined()
    await expect(media.delete(picture().key)).resolves.toBeUndefined()
  })

  it('a bucket that does not exist is an error naming the settings to check, for uploads and deletes alike', async () => {
    const media = store({ bucket: 'no-such-bucket' })
    const { bytes, key } = picture()
    await expect(media.put(key, bytes, 'image/webp')).rejects.toThrow(/uploading .* in bucket "no-such-bucket" failed: NoSuchBucket \(HTTP 404\).*; check PHARE_MEDIA_S3_BUCKET/)
    await expect(media.delete(key)).rejects.toThrow(/deleting .* failed: NoSuchBucket/)
  })

  it('an access key the store refuses gives an error naming the settings to check, without the secret', async () => {
    const media = store({ accessKeyId: 'NOT-AN-ACCOUNT', secretAccessKey: 'wr0ng-s3cret' })
    const { bytes, key } = picture()
    const error = await media.put(key, bytes, 'image/webp').then(() => null, (e: Error) => e)
    expect(error?.message).toMatch(/S3 media store: uploading .* in bucket "media" failed: InvalidAccessKeyId \(HTTP 403\)/)
    expect(error?.message).toContain('check PHARE_MEDIA_S3_ACCESS_KEY_ID, PHARE_MEDIA_S3_SECRET_ACCESS_KEY')
    expect(error?.message).not.toContain('wr0ng-s3cret')
    expect(uploads).not.toContain(key)
  })

  it('a store that accepts connections but never answers makes put fail after the timeout and retries instead of hanging', async () => {
    const sockets: Socket[] = []
    const silent = createServer((s) => { sockets.push(s) })
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
    const port = (silent.address() as { port: number }).port
    try {
      const media = store({ endpoint: `http://127.0.0.1:${port}`, publicUrl: 'http://cdn.invalid/media', requestTimeoutMs: 300 })
      const started = Date.now()
      const { bytes, key } = picture()
      await expect(media.put(key, bytes, 'image/webp')).rejects.toThrow(/S3 media store: checking .* in bucket "media" failed: TimeoutError/)
      expect(Date.now() - started).toBeLessThan(10_000)
      expect(sockets.length).toBe(3)
    } finally {
      for (const s of sockets) s.destroy()
      await new Promise((r) => silent.close(r))
    }
  })
})

describe('Phare with PHARE_MEDIA_S3_BUCKET', () => {
  const settings = () => ({
    PHARE_MEDIA_S3_BUCKET: 'media', PHARE_MEDIA_S3_ENDPOINT: endpoint, PHARE_MEDIA_S3_FORCE_PATH_STYLE: 'true',
    PHARE_MEDIA_S3_ACCESS_KEY_ID: 'S3RVER', PHARE_MEDIA_S3_SECRET_ACCESS_KEY: 'S3RVER', PHARE_MEDIA_S3_PUBLIC_URL: `${endpoint}/media/`,
  })

  it('an uploaded picture is stored in the bucket and its attachment links to the public URL, which serves it', async () => {
    const server = await startServer(settings())
    try {
      const alice = await signUp(server, 'alice')
      const m = await alice.client.v2.media.create({ file: new Blob([new Uint8Array(await photo(640, 480, 'jpeg'))], { type: 'image/jpeg' }) })
      const keyPattern = '[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}\\.webp'
      expect(m.url).toMatch(new RegExp(`^${endpoint}/media/${keyPattern}$`))
      expect(m.previewUrl).toMatch(new RegExp(`^${endpoint}/media/${keyPattern}$`))
      expect(uploads).toContain(m.url!.slice(`${endpoint}/media/`.length))
      const res = await fetch(m.url!)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('image/webp')
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).format).toBe('webp')
      expect(server.ctx.media.localPath).toBeUndefined()
    } finally {
      await server.close()
    }
  })

  it('the effective configuration shows the bucket settings but masks the secret access key', () => {
    const out = describeConfig(loadConfig({ ...settings(), PHARE_MEDIA_S3_SECRET_ACCESS_KEY: 'v3ry-s3cret-value' }))
    expect(out).toContain('PHARE_MEDIA_S3_BUCKET=media')
    expect(out).toContain(`PHARE_MEDIA_S3_PUBLIC_URL=${endpoint}/media`)
    expect(out).toContain('PHARE_MEDIA_S3_FORCE_PATH_STYLE=true')
    expect(out).toContain('PHARE_MEDIA_S3_SECRET_ACCESS_KEY=****')
    expect(out).not.toContain('v3ry-s3cret-value')
  })
})
