// Fixtures are made with sharp at test time (test/support/images.ts), except HEIC:
// test/fixtures/media/photo.heic is a real HEVC-coded HEIC made with Debian's heif-enc
// by test/fixtures/media/make-photo-heic.ts (an iPhone-like portrait: stored 256×192
// with an 'irot' box, Display P3 profile).
import { describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { PhareError } from '../../errors.ts'
import { animatedGif, bombPng, heicPhoto, photo } from '../../../../../test/support/images.ts'
import { inspectImage } from './inspect.ts'
import { MEDIA_LIMITS } from './limits.ts'

async function refusal(bytes: Buffer): Promise<PhareError> {
  const err = await inspectImage(bytes).then(() => null, (e: unknown) => e)
  expect(err).toBeInstanceOf(PhareError)
  return err as PhareError
}

describe('inspectImage', () => {
  it('identifies every accepted format from its content, with its size as displayed', async () => {
    const heic = heicPhoto()
    expect(heic, 'test/fixtures/media/photo.heic').not.toBeNull()
    const cases: [Buffer, string, string, number, number][] = [
      [await photo(300, 200, 'jpeg'), 'jpeg', 'image/jpeg', 300, 200],
      [await photo(300, 200, 'png'), 'png', 'image/png', 300, 200],
      [await photo(300, 200, 'webp'), 'webp', 'image/webp', 300, 200],
      [await photo(300, 200, 'avif'), 'avif', 'image/avif', 300, 200],
      [await sharp(await photo(300, 200, 'png')).gif().toBuffer(), 'gif', 'image/gif', 300, 200],
      [heic!, 'heic', 'image/heic', 192, 256],
    ]
    for (const [bytes, format, mime, width, height] of cases) {
      expect(await inspectImage(bytes), format).toEqual({ format, mime, width, height, frames: 1, animated: false })
    }
  })

  it('counts the frames of an animated GIF and an animated WebP', async () => {
    const gif = await animatedGif(120, 60, 3)
    expect(await inspectImage(gif)).toEqual({ format: 'gif', mime: 'image/gif', width: 120, height: 60, frames: 3, animated: true })
    const webp = await sharp(gif, { animated: true }).webp().toBuffer()
    expect(await inspectImage(webp)).toMatchObject({ format: 'webp', width: 120, height: 60, frames: 3, animated: true })
  })

  it('gives the upright size of a JPEG that EXIF says to rotate', async () => {
    const rotated = await sharp(await photo(300, 200, 'jpeg')).withMetadata({ orientation: 6 }).jpeg().toBuffer()
    expect(await inspectImage(rotated)).toMatchObject({ width: 200, height: 300 })
  })

  it('refuses HTML sent as photo.jpg: only the content counts, never a name or a declared type', async () => {
    const html = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>')
    const err = await refusal(html)
    expect(err.code).toBe('unsupported_media_type')
    expect(err.status).toBe(422)
    expect(err.message).toContain('accepted: JPEG, PNG, WebP, GIF, AVIF, HEIC')
  })

  it('refuses SVG, which can carry script, even though libvips could read it', async () => {
    const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>')
    expect(await sharp(svg).metadata().then((m) => m.format)).toBe('svg')
    expect((await refusal(svg)).code).toBe('unsupported_media_type')
  })

  it('refuses other image formats and other ISO-BMFF files (TIFF, an MP4 header, plain text)', async () => {
    const tiff = await sharp(await photo(20, 20, 'png')).tiff().toBuffer()
    const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2mp41'), Buffer.alloc(64)])
    for (const bytes of [tiff, mp4, Buffer.from('just some text, long enough'), Buffer.alloc(0)]) {
      expect((await refusal(bytes)).code).toBe('unsupported_media_type')
    }
  })

  it('refuses a damaged image with unsupported_media_type, not a crash', async () => {
    const jpeg = await photo(300, 200, 'jpeg')
    expect((await refusal(jpeg.subarray(0, 40))).code).toBe('unsupported_media_type')
    const garbage = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 0xab)])
    expect((await refusal(garbage)).code).toBe('unsupported_media_type')
  })

  it('refuses a file over the size limit before looking inside, saying the limit in MB', async () => {
    const big = Buffer.alloc(MEDIA_LIMITS.maxImageBytes + 1)
    big.set([0xff, 0xd8, 0xff])
    const err = await refusal(big)
    expect(err.code).toBe('media_too_large')
    expect(err.status).toBe(422)
    expect(err.message).toContain('at most 16 MB')
  })

  it('refuses a 50-megapixel image from its header alone (a decompression bomb)', async () => {
    const bomb = await bombPng()
    const started = performance.now()
    const err = await refusal(bomb)
    expect(performance.now() - started).toBeLessThan(500)
    expect(err.code).toBe('media_too_many_pixels')
    expect(err.status).toBe(422)
    expect(err.message).toBe('Validation failed: the image is 7072×7072 (50.0 megapixels); at most 33.2 megapixels are accepted')
  }, 60_000)

  it('refuses an animation with more frames than allowed', async () => {
    // Each frame different (white pixels at f % 256 and f >> 8): a GIF encoder merges identical frames.
    const frames = MEDIA_LIMITS.maxFrames + 1
    const raw = Buffer.alloc(256 * frames)
    for (let f = 0; f < frames; f++) raw[f * 256 + (f & 255)] = raw[f * 256 + (f >> 8)] = 255
    const gif = await sharp(raw, { raw: { width: 16, height: 16 * frames, channels: 1, pageHeight: 16 } }).gif().toBuffer()
    expect(await sharp(gif).metadata().then((m) => m.pages)).toBe(frames)
    const err = await refusal(gif)
    expect(err.code).toBe('media_too_many_pixels')
    expect(err.message).toContain(`at most ${MEDIA_LIMITS.maxFrames} frames`)
  })
})
