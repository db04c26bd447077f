// Turns an accepted upload into what Phare serves: a large and a small WebP, and a
// blurhash. Everything is re-encoded from pixels, so no metadata of the upload (EXIF,
// GPS, XMP, IPTC, comments) survives in any output.
import sharp, { type OutputInfo, type Sharp, type SharpOptions } from 'sharp'
import { encode as encodeBlurhash } from 'blurhash'
import { MediaTooManyPixels, MediaUnsupported, PhareError } from '../../errors.ts'
import { abortable, heicToTiff } from './heic.ts'
import { assertPixels, type Inspected } from './inspect.ts'
import { MEDIA_LIMITS } from './limits.ts'

// A server, not a batch tool (a node runs in ~400 MB):
// - no libvips operation cache: every upload is a new image, so the cache (50 MB by default)
//   would only hold memory, never save work;
// - one libvips thread per image: the media lane runs jobs side by side, which uses the
//   cores better than threads inside one image (bench/media.ts: 2 jobs × 1 thread gave more
//   images/s than 1 job × 2 threads on 2 cores, WebP encoding being mostly single-threaded),
//   and each thread holds its own buffers.
sharp.cache(false)
sharp.concurrency(1)

/** One encoded image. width and height are one frame's. */
export interface Rendition {
  bytes: Buffer
  mime: string
  ext: string
  width: number
  height: number
}

/** The renditions of an upload: large (longest side ≤ largeSide, animated when the upload is) and small (a still inside smallSide²). */
export interface ProcessedImage {
  large: Rendition
  small: Rendition
  blurhash: string
  animated: boolean
  original: { width: number; height: number }
}

// Quality as Mastodon's renditions look. Effort measured on a 12-MP photo → 2048 px: 2 takes
// half the time of the default 4 (135 vs 286 ms) for 4 % more bytes. The small is served in
// every timeline and costs ~30 ms at effort 4: there bytes matter more.
const LARGE = { quality: 82, effort: 2 }
const SMALL = { quality: 75, effort: 4 }
const fitInside = (side: number) => ({ width: side, height: side, fit: 'inside', withoutEnlargement: true }) as const

/** Makes the renditions of an image that inspectImage accepted; throws 422 PhareErrors for images that turn out bad, the signal's reason when aborted. */
export async function processImage(bytes: Buffer, inspected: Inspected, opts: { signal?: AbortSignal } = {}): Promise<ProcessedImage> {
  const { signal } = opts
  signal?.throwIfAborted()
  // The header again, cheap: this function must be safe even when called without inspectImage.
  const meta = await vips(sharp(bytes, { limitInputPixels: false }).metadata(), signal)
  const width = meta.width ?? 0
  const height = meta.pageHeight ?? meta.height ?? 0
  const frames = inspected.animated ? Math.max(1, meta.pages ?? 1) : 1
  assertPixels(width, height, frames)
  const original = meta.autoOrient ?? { width, height }
  if (frames > 1) return animated(bytes, original, signal)
  if (inspected.format !== 'heic') return still(bytes, true, original, signal)
  const heic = await heicToTiff(bytes, { icc: meta.icc, signal })
  return still(heic.tiff, heic.alpha, original, signal)
}

async function still(input: Buffer, keepAlpha: boolean, original: ProcessedImage['original'], signal: AbortSignal | undefined): Promise<ProcessedImage> {
  // Decoded once, straight to the large size (JPEG shrinks while decoding); both renditions come from these pixels.
  let pipeline = open(input, MEDIA_LIMITS.maxPixels).autoOrient()
  if (!keepAlpha) pipeline = pipeline.removeAlpha() // a decoder's opaque 4th channel
  const large = await vips(pipeline.resize(fitInside(MEDIA_LIMITS.largeSide)).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true }), signal)
  const raw = { raw: { width: large.info.width, height: large.info.height, channels: large.info.channels } }
  const largeWebp = await vips(sharp(large.data, raw).webp(LARGE).toBuffer({ resolveWithObject: true }), signal)
  const small = await vips(sharp(large.data, raw).resize(fitInside(MEDIA_LIMITS.smallSide)).raw().toBuffer({ resolveWithObject: true }), signal)
  return { large: rendition(largeWebp), ...await smallAndHash(small, signal), animated: false, original }
}

async function animated(bytes: Buffer, original: ProcessedImage['original'], signal: AbortSignal | undefined): Promise<ProcessedImage> {
  // For an animation libvips counts the pixels of every frame against the limit.
  const large = await vips(open(bytes, MEDIA_LIMITS.maxTotalPixels, { animated: true }).resize(fitInside(MEDIA_LIMITS.largeSide))
    .toColourspace('srgb').webp({ ...LARGE, loop: 0 }).toBuffer({ resolveWithObject: true }), signal)
  const first = await vips(open(bytes, MEDIA_LIMITS.maxPixels).resize(fitInside(MEDIA_LIMITS.smallSide))
    .toColourspace('srgb').raw().toBuffer({ resolveWithObject: true }), signal)
  return { large: rendition(large), ...await smallAndHash(first, signal), animated: true, original }
}

type Raw = { data: Buffer; info: OutputInfo }

async function smallAndHash(small: Raw, signal: AbortSignal | undefined): Promise<{ small: Rendition; blurhash: string }> {
  const raw = { raw: { width: small.info.width, height: small.info.height, channels: small.info.channels } }
  const webp = await vips(sharp(small.data, raw).webp(SMALL).toBuffer({ resolveWithObject: true }), signal)
  // Blurhash costs per pixel and shows a blur anyway: 32 px is plenty.
  const tiny = await vips(sharp(small.data, raw).resize(32, 32, { fit: 'inside' }).removeAlpha().ensureAlpha()
    .raw().toBuffer({ resolveWithObject: true }), signal)
  const pixels = new Uint8ClampedArray(tiny.data.buffer, tiny.data.byteOffset, tiny.data.length)
  return { small: rendition(webp), blurhash: encodeBlurhash(pixels, tiny.info.width, tiny.info.height, 4, 3) }
}

function open(input: Buffer, limitInputPixels: number, extra: SharpOptions = {}): Sharp {
  return sharp(input, { limitInputPixels, failOn: 'error', ...extra }).timeout({ seconds: MEDIA_LIMITS.timeoutSeconds })
}

function rendition({ data, info }: Raw): Rendition {
  return { bytes: data, mime: 'image/webp', ext: 'webp', width: info.width, height: info.pageHeight ?? info.height }
}

/** A libvips step: rejects at once on abort; libvips' own failures become 422s (the file is at fault, retrying will not help). */
async function vips<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  try {
    return await abortable(work, signal)
  } catch (err) {
    if (signal?.aborted || err instanceof PhareError || !(err instanceof Error) || err.constructor !== Error) throw err
    if (err.message.startsWith('timeout:')) throw MediaUnsupported('the image took too long to process')
    if (err.message.includes('exceeds pixel limit')) throw MediaTooManyPixels('too large to decode', `${(MEDIA_LIMITS.maxPixels / 1e6).toFixed(1)} megapixels a frame`)
    throw MediaUnsupported('the image is damaged or truncated')
  }
}
