// The cheap first look at an upload, inside the request: what the bytes are (from their
// content, never from a file name or a declared type) and whether Phare will take them.
// Only headers are read, so a decompression bomb is refused before a pixel is decoded.
import sharp, { type Metadata } from 'sharp'
import { MediaTooLarge, MediaTooManyPixels, MediaUnsupported } from '../../errors.ts'
import { MEDIA_LIMITS } from './limits.ts'

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'avif' | 'heic'

/** What an accepted upload is. width and height are as displayed (after EXIF orientation or HEIF rotation). */
export interface Inspected {
  format: ImageFormat
  mime: string
  width: number
  height: number
  frames: number
  animated: boolean
}

const MIME: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif', avif: 'image/avif', heic: 'image/heic',
}

/** Identifies an accepted upload and checks its size and pixel limits from headers only; throws a 422 PhareError otherwise. */
export async function inspectImage(bytes: Buffer): Promise<Inspected> {
  if (bytes.length > MEDIA_LIMITS.maxImageBytes) {
    throw MediaTooLarge((bytes.length / 1024 / 1024).toFixed(1), MEDIA_LIMITS.maxImageBytes / 1024 / 1024)
  }
  const family = sniff(bytes)
  if (!family) throw MediaUnsupported()
  let meta: Metadata
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata()
  } catch {
    throw MediaUnsupported('the image is damaged or truncated')
  }
  const format = formatOf(family, meta)
  if (!format) throw MediaUnsupported()
  // One frame's size before orientation (what a decoder allocates); sharp's height is one page's.
  const width = meta.width ?? 0
  const height = meta.pageHeight ?? meta.height ?? 0
  if (width < 1 || height < 1) throw MediaUnsupported('the image is damaged or truncated')
  const frames = format === 'gif' || format === 'webp' ? Math.max(1, meta.pages ?? 1) : 1
  assertPixels(width, height, frames)
  const shown = meta.autoOrient ?? { width, height }
  return { format, mime: MIME[format], width: shown.width, height: shown.height, frames, animated: frames > 1 }
}

/** Refuses a frame over maxPixels, or an animation with too many frames or pixels in all. */
export function assertPixels(width: number, height: number, frames: number): void {
  const mp = (n: number) => `${(n / 1e6).toFixed(1)} megapixels`
  const size = `${width}×${height}`
  if (width * height > MEDIA_LIMITS.maxPixels) throw MediaTooManyPixels(`${size} (${mp(width * height)})`, mp(MEDIA_LIMITS.maxPixels))
  if (frames > MEDIA_LIMITS.maxFrames) throw MediaTooManyPixels(`${size} with ${frames} frames`, `${MEDIA_LIMITS.maxFrames} frames`)
  const total = width * height * frames
  if (total > MEDIA_LIMITS.maxTotalPixels) {
    throw MediaTooManyPixels(`${size} with ${frames} frames (${mp(total)} in all)`, `${mp(MEDIA_LIMITS.maxTotalPixels)} in all`)
  }
}

type Family = 'jpeg' | 'png' | 'webp' | 'gif' | 'heif'

/** The container, from magic bytes: HTML, SVG, text and everything else are null. */
function sniff(b: Buffer): Family | null {
  if (b.length < 12) return null
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg'
  if (b.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png'
  const ascii = (from: number, to: number) => b.toString('latin1', from, to)
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'gif'
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp'
  if (ascii(4, 8) === 'ftyp') {
    // ISO-BMFF: the major brand, then the compatible brands, until the end of the ftyp box.
    const end = Math.min(b.readUInt32BE(0), b.length)
    const brands = [ascii(8, 12)]
    for (let i = 16; i + 4 <= end; i += 4) brands.push(ascii(i, i + 4))
    if (brands.some((brand) => HEIF_BRANDS.has(brand))) return 'heif'
  }
  return null
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
// avif/avis: AV1; heic/heix/heim/heis/hevc/hevx: HEVC; mif1/msf1: HEIF whose codec the item itself says.
const HEIF_BRANDS = new Set(['avif', 'avis', 'heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'])

/** The accepted format, when libvips read the same kind of header the magic bytes announced. */
function formatOf(family: Family, meta: Metadata): ImageFormat | null {
  if (family === 'heif') {
    if (meta.format !== 'heif') return null
    // The brands can mislead (mif1 says nothing of the codec); the primary item's codec cannot.
    if (meta.compression === 'av1') return 'avif'
    if (meta.compression === 'hevc') return 'heic'
    return null
  }
  return meta.format === family ? family : null
}
