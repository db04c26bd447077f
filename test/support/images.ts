// Real image files for upload tests, made with sharp (libvips) at test time, so each test
// says what it sends. Only HEIC comes from a file: nothing here can encode HEVC.
import { readFileSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'

/** A photo-like picture: a gradient with noise, so encoders have real work. */
export async function photo(width: number, height: number, format: 'jpeg' | 'png' | 'webp' | 'avif'): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3)
  let seed = 7
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      const i = (y * width + x) * 3
      raw[i] = (x * 255) / width
      raw[i + 1] = (y * 255) / height
      raw[i + 2] = seed & 63
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).toFormat(format).toBuffer()
}

/** An animated GIF of `frames` frames (a square moving across). */
export async function animatedGif(width: number, height: number, frames: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * frames * 4)
  for (let f = 0; f < frames; f++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = ((f * height + y) * width + x) * 4
        const inside = x > f * 8 && x < f * 8 + 16 && y > 10 && y < 26
        raw[i] = inside ? 255 : 20; raw[i + 1] = inside ? 200 : 40; raw[i + 2] = 60; raw[i + 3] = 255
      }
    }
  }
  return sharp(raw, { raw: { width, height: height * frames, channels: 4, pageHeight: height } }).gif({ loop: 0, delay: Array(frames).fill(100) }).toBuffer()
}

/** A JPEG carrying GPS coordinates (and a camera make) in its EXIF. */
export async function jpegWithGps(): Promise<Buffer> {
  return sharp(await photo(320, 240, 'jpeg')).withExif({
    IFD0: { Make: 'PhareCam', Model: 'Leaky 1' },
    IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' },
  }).jpeg().toBuffer()
}

/** A 50-megapixel PNG (7072×7072 of one colour: tiny compressed, 200 MB decoded). */
export function bombPng(): Promise<Buffer> {
  return sharp({ create: { width: 7072, height: 7072, channels: 3, background: '#ffffff' } }).png({ compressionLevel: 9 }).toBuffer()
}

const HEIC = fileURLToPath(new URL('../fixtures/media/photo.heic', import.meta.url))

/** A real HEVC-coded HEIC photo (see test/fixtures/media/README), or null when the fixture is absent. */
export function heicPhoto(): Buffer | null {
  return existsSync(HEIC) ? readFileSync(HEIC) : null
}
