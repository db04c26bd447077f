// Uploads end to end, through masto.js (the Mastodon client library) where it has the call:
// every accepted format, the refusals, posting, alt text, focus, deleting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { MastoHttpError } from 'masto'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'
import { animatedGif, bombPng, heicPhoto, jpegWithGps, photo } from './support/images.ts'

let server: TestServer
let alice: Person
let bob: Person

beforeAll(async () => {
  server = await startServer()
  ;[alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')])
  await bob.client.v1.accounts.$select(alice.accountId).follow()
})
afterAll(() => server.close())

/** A multipart upload with fetch, for status codes and bodies the client library hides. */
async function upload(token: string, bytes: Buffer, filename: string, type: string, path = '/api/v2/media'): Promise<{ status: number; json: any }> {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename)
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
  return { status: res.status, json: await res.json() }
}

async function fetchImage(url: string) {
  const res = await fetch(url)
  const bytes = Buffer.from(await res.arrayBuffer())
  return { res, bytes, meta: res.ok ? await sharp(bytes, { animated: true }).metadata() : null }
}

const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(() => null, (e: unknown) => e)
  expect(err).toBeInstanceOf(MastoHttpError)
  return err as MastoHttpError
}

describe('uploading images', () => {
  it('every accepted format uploads through masto.js and comes back as WebP renditions with size, blurhash and alt text', async () => {
    const heic = heicPhoto()
    const files: [string, Buffer, string][] = [
      ['jpeg', await photo(1200, 800, 'jpeg'), 'image/jpeg'],
      ['png', await photo(800, 1200, 'png'), 'image/png'],
      ['webp', await photo(640, 640, 'webp'), 'image/webp'],
      ['gif', await animatedGif(200, 120, 6), 'image/gif'],
      ['avif', await photo(900, 600, 'avif'), 'image/avif'],
    ]
    expect(heic, 'test/fixtures/media/photo.heic (a real HEVC-coded photo) must exist').not.toBeNull()
    files.push(['heic', heic!, 'image/heic'])
    const made = await Promise.all(files.map(([name, bytes, type]) =>
      alice.client.v2.media.create({ file: new Blob([new Uint8Array(bytes)], { type }), description: `a ${name} picture` })))
    for (const [i, m] of made.entries()) {
      const [name, bytes] = files[i]!
      expect(m.type, name).toBe('image')
      expect(m.description).toBe(`a ${name} picture`)
      expect(m.url).toMatch(/\/media\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}\.webp$/)
      expect(m.blurhash).toMatch(/^[0-9A-Za-z#$%*+,\-.:;=?@[\]^_{|}~]{28}$/)
      const inputMeta = await sharp(bytes).metadata()
      const big = await fetchImage(m.url!)
      expect(big.res.status).toBe(200)
      expect(big.res.headers.get('content-type')).toBe('image/webp')
      expect(big.res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      expect(big.res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(big.meta!.format).toBe('webp')
      expect(m.meta?.original?.width).toBe(big.meta!.width)
      expect(m.meta?.original?.height).toBe(big.meta!.pageHeight ?? big.meta!.height)
      // Never enlarged, aspect kept.
      if (name !== 'heic') {
        expect(big.meta!.width).toBe(inputMeta.width)
        expect(Math.abs(m.meta!.original!.aspect! - inputMeta.width! / (inputMeta.pageHeight ?? inputMeta.height!))).toBeLessThan(0.01)
      }
      const small = await fetchImage(m.previewUrl!)
      expect(small.meta!.format).toBe('webp')
      expect(Math.max(small.meta!.width!, small.meta!.pageHeight ?? small.meta!.height!)).toBeLessThanOrEqual(640)
      expect(m.meta?.small?.width).toBe(small.meta!.width)
    }
    // An animated GIF stays animated (a looping animated WebP); its preview is a still.
    const gif = await fetchImage(made[3]!.url!)
    expect(gif.meta!.pages).toBe(6)
    expect(gif.meta!.loop).toBe(0)
    expect((await fetchImage(made[3]!.previewUrl!)).meta!.pages ?? 1).toBe(1)

    // Four to a post, in the order given, with their alt text, in every view.
    const post = await alice.client.v1.statuses.create({ status: 'four formats', mediaIds: made.slice(0, 4).map((m) => m.id) })
    expect(post.mediaAttachments.map((m) => m.id)).toEqual(made.slice(0, 4).map((m) => m.id))
    expect(post.mediaAttachments.map((m) => m.description)).toEqual(['a jpeg picture', 'a png picture', 'a webp picture', 'a gif picture'])
    await server.ctx.queue.drain()
    const home = await bob.client.v1.timelines.home.list()
    expect(home.find((s) => s.id === post.id)?.mediaAttachments.map((m) => m.url)).toEqual(made.slice(0, 4).map((m) => m.url))
    const onProfile = await bob.client.v1.accounts.$select(alice.accountId).statuses.list({ onlyMedia: true })
    expect(onProfile.map((s) => s.id)).toContain(post.id)
    const pub = await bob.client.v1.timelines.public.list({ onlyMedia: true })
    expect(pub.map((s) => s.id)).toEqual([post.id])
    // Images alone make a post: no text needed.
    const silent = await alice.client.v1.statuses.create({ mediaIds: [made[4]!.id, made[5]!.id] })
    expect(silent.content).toBe('')
    expect(silent.mediaAttachments).toHaveLength(2)
  })

  it('the older synchronous POST /api/v1/media answers with the processed image', async () => {
    const r = await upload(alice.token, await photo(300, 200, 'png'), 'x.png', 'image/png', '/api/v1/media')
    expect(r.status).toBe(200)
    expect(r.json.url).toMatch(/\.webp$/)
    expect(r.json.meta.original).toMatchObject({ width: 300, height: 200 })
  })

  it('a 50-megapixel PNG bomb is refused at once with a 422 naming the limit', async () => {
    const bomb = await bombPng()
    expect(bomb.length).toBeLessThan(1_000_000)
    const err = await refusal(alice.client.v2.media.create({ file: new Blob([new Uint8Array(bomb)], { type: 'image/png' }) }))
    expect(err.statusCode).toBe(422)
    const raw = await upload(alice.token, bomb, 'bomb.png', 'image/png')
    expect(raw.status).toBe(422)
    expect(raw.json.code).toBe('media_too_many_pixels')
    expect(raw.json.error).toMatch(/megapixels/)
    expect(await server.ctx.db.selectFrom('media_attachments').select('id').where('original_width', '=', 7072).execute()).toEqual([])
  })

  it('a JPEG with GPS coordinates in its EXIF comes back with no EXIF at all', async () => {
    const leaky = await jpegWithGps()
    expect((await sharp(leaky).metadata()).exif?.length).toBeGreaterThan(100)
    const m = await alice.client.v2.media.create({ file: new Blob([new Uint8Array(leaky)], { type: 'image/jpeg' }) })
    for (const url of [m.url!, m.previewUrl!]) {
      const { bytes, meta } = await fetchImage(url)
      expect(meta!.exif).toBeUndefined()
      expect(meta!.xmp).toBeUndefined()
      expect(bytes.includes(Buffer.from('PhareCam'))).toBe(false)
    }
  })

  it('a file named like an image but holding HTML or SVG is refused with 422 unsupported_media_type', async () => {
    const html = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>')
    const asJpeg = await upload(alice.token, html, 'cat.jpg', 'image/jpeg')
    expect([asJpeg.status, asJpeg.json.code]).toEqual([422, 'unsupported_media_type'])
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" width="10" height="10"/>')
    const asPng = await upload(alice.token, svg, 'dog.png', 'image/png')
    expect([asPng.status, asPng.json.code]).toEqual([422, 'unsupported_media_type'])
    const missing = await api(server, alice.token, 'POST', '/api/v2/media', { description: 'no file' })
    expect([missing.status, missing.json.code]).toEqual([422, 'file_missing'])
  })

  it('alt text and focus are validated, editable with PUT, and the post shows the change', async () => {
    const m = await alice.client.v2.media.create({ file: new Blob([new Uint8Array(await photo(400, 300, 'jpeg'))]), focus: '0.5,-0.25' })
    expect(m.meta?.focus).toEqual({ x: 0.5, y: -0.25 })
    const post = await alice.client.v1.statuses.create({ status: 'alt later', mediaIds: [m.id] })
    const edited = await alice.client.v1.media.$select(m.id).update({ description: 'a gradient, purple to green' })
    expect(edited.description).toBe('a gradient, purple to green')
    expect((await bob.client.v1.statuses.$select(post.id).fetch()).mediaAttachments[0]!.description).toBe('a gradient, purple to green')
    const tooLong = await api(server, alice.token, 'PUT', `/api/v1/media/${m.id}`, { description: 'x'.repeat(1501) })
    expect([tooLong.status, tooLong.json.code]).toEqual([422, 'validation_failed'])
    const badFocus = await api(server, alice.token, 'PUT', `/api/v1/media/${m.id}`, { focus: '2,0' })
    expect([badFocus.status, badFocus.json.code]).toEqual([422, 'validation_failed'])
    // Editing the post can change the alt text too (media_attributes).
    const again = await api(server, alice.token, 'PUT', `/api/v1/statuses/${post.id}`, {
      status: 'alt later', media_ids: [m.id], media_attributes: [{ id: m.id, description: 'now described in the edit' }],
    })
    expect(again.status).toBe(200)
    expect(again.json.media_attachments[0].description).toBe('now described in the edit')
  })

  it("someone else's upload cannot be seen, edited or posted; a post takes at most four, each once", async () => {
    const mine = await alice.client.v2.media.create({ file: new Blob([new Uint8Array(await photo(200, 200, 'png'))]) })
    expect((await api(server, bob.token, 'GET', `/api/v1/media/${mine.id}`)).status).toBe(404)
    expect((await api(server, bob.token, 'PUT', `/api/v1/media/${mine.id}`, { description: 'mine now' })).status).toBe(404)
    const stolen = await api(server, bob.token, 'POST', '/api/v1/statuses', { status: 'look', media_ids: [mine.id] })
    expect([stolen.status, stolen.json.code]).toEqual([422, 'validation_failed'])
    const ids = await Promise.all(Array.from({ length: 5 }, async (_, i) => (await upload(alice.token, await photo(50 + i, 50, 'png'), 'p.png', 'image/png')).json.id as string))
    const tooMany = await api(server, alice.token, 'POST', '/api/v1/statuses', { status: 'five', media_ids: ids })
    expect([tooMany.status, tooMany.json.code]).toEqual([422, 'validation_failed'])
    const first = await api(server, alice.token, 'POST', '/api/v1/statuses', { status: 'one', media_ids: [ids[0]] })
    expect(first.status).toBe(200)
    const reuse = await api(server, alice.token, 'POST', '/api/v1/statuses', { status: 'two', media_ids: [ids[0]] })
    expect([reuse.status, reuse.json.code]).toEqual([422, 'validation_failed'])
    const withPoll = await api(server, alice.token, 'POST', '/api/v1/statuses', { status: 'poll', media_ids: [ids[1]], poll: { options: ['a', 'b'], expires_in: 3600 } })
    expect(withPoll.status).toBe(422)
  })

  it('deleting a post deletes its attachments and their files; without delete_media they can be redrafted first', async () => {
    const runPurgesNow = async () => {
      await server.ctx.db.updateTable('jobs').set({ run_at: Date.now() }).where('type', '=', 'media.purge').where('payload', 'not like', '%orphanId%').execute()
      await server.ctx.queue.drain()
    }
    const m = await alice.client.v2.media.create({ file: new Blob([new Uint8Array(await photo(333, 222, 'jpeg'))]) })
    const post = await alice.client.v1.statuses.create({ status: 'soon gone', mediaIds: [m.id] })
    expect((await fetch(m.url!)).status).toBe(200)
    const gone = await api(server, alice.token, 'DELETE', `/api/v1/statuses/${post.id}?delete_media=true`)
    expect(gone.json.media_attachments[0].id).toBe(m.id)
    await runPurgesNow()
    expect((await fetch(m.url!)).status).toBe(404)
    expect((await fetch(m.previewUrl!)).status).toBe(404)
    expect(await server.ctx.db.selectFrom('media_attachments').select('id').where('id', '=', Number(m.id)).execute()).toEqual([])

    // Delete and redraft, as Mastodon apps do it: the deleted post's images go into the new one.
    const r = await alice.client.v2.media.create({ file: new Blob([new Uint8Array(await photo(334, 222, 'jpeg'))]), description: 'kept for the redraft' })
    const first = await alice.client.v1.statuses.create({ status: 'typo', mediaIds: [r.id] })
    const deleted = await alice.client.v1.statuses.$select(first.id).remove()
    expect(deleted.mediaAttachments.map((x) => x.id)).toEqual([r.id])
    const redraft = await alice.client.v1.statuses.create({ status: 'no typo', mediaIds: deleted.mediaAttachments.map((x) => x.id) })
    expect(redraft.mediaAttachments.map((x) => x.description)).toEqual(['kept for the redraft'])
    await runPurgesNow()
    expect((await fetch(r.url!)).status).toBe(200)
    expect((await bob.client.v1.statuses.$select(redraft.id).fetch()).mediaAttachments[0]!.url).toBe(r.url)
    // A live post's images cannot be taken by another post.
    expect((await api(server, alice.token, 'POST', '/api/v1/statuses', { status: 'theft', media_ids: [r.id] })).status).toBe(422)

    const loose = await alice.client.v2.media.create({ file: new Blob([new Uint8Array(await photo(123, 45, 'png'))]) })
    const del = await api(server, alice.token, 'DELETE', `/api/v1/media/${loose.id}`)
    expect(del.status).toBe(200)
    await server.ctx.queue.drain()
    expect((await api(server, alice.token, 'GET', `/api/v1/media/${loose.id}`)).status).toBe(404)
    expect((await fetch(loose.url!)).status).toBe(404)
  })

  it('the same image uploaded twice is one file, kept while either upload uses it', async () => {
    const bytes = await photo(210, 140, 'png')
    const [a, b] = await Promise.all([1, 2].map(() => alice.client.v2.media.create({ file: new Blob([new Uint8Array(bytes)]) })))
    expect(a!.url).toBe(b!.url)
    await api(server, alice.token, 'DELETE', `/api/v1/media/${a!.id}`)
    await server.ctx.queue.drain()
    expect((await fetch(b!.url!)).status).toBe(200)
  })

  it('media file URLs outside the store are 404, never a file of the server', async () => {
    for (const path of ['/media/../../etc/passwd', '/media/ab/cd/..%2F..%2Fdb.sqlite', '/media/00/00/' + '0'.repeat(64) + '.webp', '/media/zz/zz/x.html']) {
      const res = await fetch(`${server.url}${path}`)
      expect(res.status, path).toBe(404)
    }
  })

  it('an avatar and a header upload through update_credentials, cut to shape, and a refused file changes nothing', async () => {
    const me = await alice.client.v1.accounts.updateCredentials({
      avatar: new Blob([new Uint8Array(await photo(1000, 700, 'jpeg'))], { type: 'image/jpeg' }),
      header: new Blob([new Uint8Array(await photo(2000, 1000, 'png'))], { type: 'image/png' }),
      displayName: 'Alice A.',
    })
    expect(me.displayName).toBe('Alice A.')
    const avatar = await fetchImage(me.avatar)
    expect([avatar.meta!.format, avatar.meta!.width, avatar.meta!.height]).toEqual(['webp', 400, 400])
    const header = await fetchImage(me.header)
    expect([header.meta!.format, header.meta!.width, header.meta!.height]).toEqual(['webp', 1500, 500])
    expect((await bob.client.v1.accounts.$select(alice.accountId).fetch()).avatar).toBe(me.avatar)

    const err = await refusal(alice.client.v1.accounts.updateCredentials({ avatar: new Blob([new Uint8Array(await bombPng())]), displayName: 'Not me' }))
    expect(err.statusCode).toBe(422)
    const after = await alice.client.v1.accounts.verifyCredentials()
    expect([after.avatar, after.displayName]).toEqual([me.avatar, 'Alice A.'])
  })
})
