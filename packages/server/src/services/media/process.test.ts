// Fixtures are made with sharp at test time (test/support/images.ts), except HEIC:
// test/fixtures/media/photo.heic is a real HEVC-coded HEIC made with Debian's heif-enc
// by test/fixtures/media/make-photo-heic.ts (an iPhone-like portrait: stored 256×192
// with an 'irot' box, Display P3 profile; upright it is red above, blue below, with a
// green square top-left).
import { describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { isBlurhashValid } from 'blurhash'
import { PhareError } from '../../errors.ts'
import { animatedGif, bombPng, heicPhoto, jpegWithGps, photo } from '../../../../../test/support/images.ts'
import { PHOTO_COLOURS, uprightPixels } from '../../../../../test/fixtures/media/make-photo-heic.ts'
import { inspectImage } from './inspect.ts'
import { processImage, type Rendition } from './process.ts'

const process = async (bytes: Buffer, opts?: { signal?: AbortSignal }) => processImage(bytes, await inspectImage(bytes), opts)

/** The rendition's format, frames and metadata, read back from its bytes. */
async function readBack(r: Rendition) {
  const meta = await sharp(r.bytes, { animated: true }).metadata()
  expect(meta.format).toBe('webp')
  expect(r).toMatchObject({ mime: 'image/webp', ext: 'webp' })
  expect([meta.width, meta.pageHeight ?? meta.height]).toEqual([r.width, r.height])
  return meta
}

/** The colour at (x, y) of a rendition. */
async function colourAt(r: Rendition, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(r.bytes).raw().toBuffer({ resolveWithObject: true })
  const i = (y * info.width + x) * info.channels
  return [...data.subarray(i, i + 3)]
}

const near = (actual: number[], expected: readonly number[], tolerance: number) =>
  expect(actual.every((v, i) => Math.abs(v - expected[i]) <= tolerance), `${actual} ≈ ${expected}`).toBe(true)

/** The upright test picture, stored as `format`; for JPEG optionally stored sideways with EXIF orientation 6. */
async function picture(format: 'jpeg' | 'png' | 'webp' | 'avif' | 'gif', sideways = false): Promise<Buffer> {
  let img = sharp(uprightPixels(), { raw: { width: 192, height: 256, channels: 3 } })
  if (sideways) img = sharp(await img.rotate(-90).png().toBuffer()).withMetadata({ orientation: 6 })
  return img.toFormat(format, { quality: 95 }).toBuffer()
}

async function refusal(p: Promise<unknown>): Promise<PhareError> {
  const err = await p.then(() => null, (e: unknown) => e)
  expect(err).toBeInstanceOf(PhareError)
  return err as PhareError
}

describe('processImage', () => {
  it('turns every accepted format into an upright large and small WebP with a 4×3 blurhash', async () => {
    const heic = heicPhoto()
    expect(heic, 'test/fixtures/media/photo.heic').not.toBeNull()
    const inputs: [string, Buffer][] = [
      ['jpeg', await picture('jpeg')], ['png', await picture('png')], ['webp', await picture('webp')],
      ['avif', await picture('avif')], ['gif', await picture('gif')], ['heic', heic!],
    ]
    for (const [name, bytes] of inputs) {
      const out = await process(bytes)
      expect(out.animated, name).toBe(false)
      expect(out.original, name).toEqual({ width: 192, height: 256 })
      expect((await readBack(out.large)).pages ?? 1, name).toBe(1)
      await readBack(out.small)
      expect([out.large.width, out.large.height], name).toEqual([192, 256])
      expect([out.small.width, out.small.height], name).toEqual([192, 256])
      // Upright: the green square is top-left, red above, blue below (GIF's palette and lossy codecs move colours a little).
      near(await colourAt(out.large, 10, 10), PHOTO_COLOURS.corner, 40)
      near(await colourAt(out.large, 150, 60), PHOTO_COLOURS.top, 40)
      near(await colourAt(out.large, 150, 200), PHOTO_COLOURS.bottom, 40)
      expect(out.blurhash, name).toHaveLength(28)
      expect(isBlurhashValid(out.blurhash).result, name).toBe(true)
    }
  })

  it('shows a Display P3 HEIC in its true colours, converted to sRGB (not its P3 numbers read as sRGB)', async () => {
    const out = await process(heicPhoto()!)
    // Read as sRGB, the stored P3 numbers are about (202,54,44) for red and (90,197,59) for green.
    near(await colourAt(out.large, 150, 60), PHOTO_COLOURS.top, 10)
    near(await colourAt(out.large, 10, 10), PHOTO_COLOURS.corner, 16)
    expect((await sharp(out.large.bytes).metadata()).hasAlpha).toBe(false) // the decoder's RGBA is opaque
  })

  it('turns a sideways JPEG (EXIF orientation 6) upright, with width and height swapped', async () => {
    const sideways = await picture('jpeg', true)
    expect(await sharp(sideways).metadata().then((m) => [m.width, m.height, m.orientation])).toEqual([256, 192, 6])
    const out = await process(sideways)
    expect([out.large.width, out.large.height]).toEqual([192, 256])
    expect(out.original).toEqual({ width: 192, height: 256 })
    near(await colourAt(out.large, 10, 10), PHOTO_COLOURS.corner, 40)
    near(await colourAt(out.large, 150, 200), PHOTO_COLOURS.bottom, 40)
    expect((await sharp(out.large.bytes).metadata()).orientation).toBeUndefined()
  })

  it('removes all EXIF, GPS included, from both renditions', async () => {
    const leaky = await jpegWithGps()
    const exif = (await sharp(leaky).metadata()).exif
    // The input really carries GPS: the GPS IFD pointer tag (0x8825) and the latitude 48/1.
    expect(exif).toBeDefined()
    expect(exif!.includes(Buffer.from([0x88, 0x25])) || exif!.includes(Buffer.from([0x25, 0x88]))).toBe(true)
    expect(exif!.includes(Buffer.from([0, 0, 0, 48, 0, 0, 0, 1])) || exif!.includes(Buffer.from([48, 0, 0, 0, 1, 0, 0, 0]))).toBe(true)
    const out = await process(leaky)
    for (const r of [out.large, out.small]) {
      const meta = await sharp(r.bytes).metadata()
      expect(meta.exif).toBeUndefined()
      expect(meta.xmp).toBeUndefined()
      expect(meta.iptc).toBeUndefined()
      expect(r.bytes.includes(Buffer.from('PhareCam'))).toBe(false)
    }
  })

  it('fits a large photo inside 2048 px and its small inside 640 px, and never enlarges a small one', async () => {
    const big = await process(await photo(3000, 2000, 'jpeg'))
    expect([big.large.width, big.large.height]).toEqual([2048, 1365])
    expect([big.small.width, big.small.height]).toEqual([640, 427])
    expect(big.original).toEqual({ width: 3000, height: 2000 })
    const tall = await process(await photo(900, 1800, 'png'))
    expect([tall.small.width, tall.small.height]).toEqual([320, 640])
    const tiny = await process(await photo(120, 80, 'webp'))
    expect([tiny.large.width, tiny.large.height, tiny.small.width, tiny.small.height]).toEqual([120, 80, 120, 80])
  })

  it('keeps the transparency of a PNG', async () => {
    const png = await sharp({ create: { width: 64, height: 64, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } } }).png().toBuffer()
    const out = await process(png)
    expect((await sharp(out.large.bytes).metadata()).hasAlpha).toBe(true)
  })

  it('turns an animated GIF into a looping animated WebP, with a still small', async () => {
    const gif = await animatedGif(240, 160, 3)
    const out = await process(gif)
    expect(out.animated).toBe(true)
    const large = await readBack(out.large)
    expect(large.pages).toBe(3)
    expect(large.loop).toBe(0)
    expect([out.large.width, out.large.height]).toEqual([240, 160])
    const small = await readBack(out.small)
    expect(small.pages ?? 1).toBe(1)
    expect(isBlurhashValid(out.blurhash).result).toBe(true)
  })

  it('refuses a 50-megapixel image even when called without inspectImage', async () => {
    const bomb = await bombPng()
    const lie = { format: 'png', mime: 'image/png', width: 10, height: 10, frames: 1, animated: false } as const
    const err = await refusal(processImage(bomb, lie))
    expect(err.code).toBe('media_too_many_pixels')
  }, 60_000)

  it('refuses a truncated JPEG or HEIC with unsupported_media_type instead of crashing', async () => {
    const jpeg = await photo(800, 600, 'jpeg')
    const cut = jpeg.subarray(0, jpeg.length / 2)
    const inspected = await inspectImage(cut) // headers are intact: only decoding finds out
    expect((await refusal(processImage(cut, inspected))).code).toBe('unsupported_media_type')
    const heic = heicPhoto()!
    const heicCut = heic.subarray(0, heic.length - 300)
    expect((await refusal(inspectImage(heicCut))).code).toBe('unsupported_media_type')
    // Headers intact but the image item's data cut short (its iloc extent length set to 10 bytes):
    // only the HEIC decoder finds out.
    const shortData = Buffer.from(heic)
    shortData.writeUInt32BE(10, shortData.indexOf('iloc') + 26)
    expect((await refusal(process(shortData))).code).toBe('unsupported_media_type')
  })

  it('rejects with an AbortError, soon, when the signal aborts', async () => {
    const jpeg = await photo(4000, 3000, 'jpeg')
    const ready = new AbortController()
    ready.abort()
    await expect(process(jpeg, { signal: ready.signal })).rejects.toMatchObject({ name: 'AbortError' })
    for (const bytes of [jpeg, heicPhoto()!]) {
      // "Soon" is relative to the work itself, so a busy machine slows both alike.
      let started = performance.now()
      await process(bytes)
      const whole = performance.now() - started
      const ctrl = new AbortController()
      const work = process(bytes, { signal: ctrl.signal })
      setTimeout(() => ctrl.abort(), 5)
      started = performance.now()
      await expect(work).rejects.toMatchObject({ name: 'AbortError' })
      expect(performance.now() - started).toBeLessThan(whole / 2)
    }
  })
})
