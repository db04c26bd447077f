// Made-up but realistic inputs for the media benchmarks: a phone photo, a screenshot,
// an animated GIF. Deterministic (seeded), so runs compare.
import sharp from 'sharp'
import { prng } from './random.ts'

/** A phone-photo-like picture: light gradients, soft shapes carrying textures (foliage, fabric) at several scales, sensor noise. */
export function photoPixels(width: number, height: number): Buffer {
  const px = Buffer.alloc(width * height * 3)
  const random = prng(11)
  const blobs = Array.from({ length: 14 }, () => ({
    x: random() * width, y: random() * height, r: (0.08 + random() * 0.25) * width,
    c: [random() * 255, random() * 255, random() * 255], f: [0.02 + random() * 0.3, 0.02 + random() * 0.3, 0.02 + random() * 0.3],
  }))
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 90 + (120 * y) / height, g = 120 + (60 * x) / width, b = 200 - (100 * y) / height
      for (const o of blobs) {
        const d = ((x - o.x) ** 2 + (y - o.y) ** 2) / (o.r * o.r)
        if (d >= 1) continue
        const w = 1 - d
        const texture = 40 * Math.sin(x * o.f[0] + 3 * Math.sin(y * o.f[1])) * Math.sin(y * o.f[2] + x * o.f[1])
        r += (o.c[0] + texture - r) * w; g += (o.c[1] + texture - g) * w; b += (o.c[2] + texture - b) * w
      }
      const noise = (random() - 0.5) * 12
      const i = (y * width + x) * 3
      px[i] = r + noise; px[i + 1] = g + noise; px[i + 2] = b + noise
    }
  }
  return px
}

/** A screenshot-like picture: flat panels, lines of "text" (short dark bars), a coloured header. */
export function screenshotPixels(width: number, height: number): Buffer {
  const px = Buffer.alloc(width * height * 3, 246)
  const random = prng(5)
  const fill = (x0: number, y0: number, w: number, h: number, c: number[]) => {
    for (let y = y0; y < Math.min(height, y0 + h); y++) for (let x = x0; x < Math.min(width, x0 + w); x++) px.set(c, (y * width + x) * 3)
  }
  fill(0, 0, width, 64, [40, 90, 200])
  fill(0, 64, 320, height - 64, [230, 232, 236])
  for (let line = 0; line < 60; line++) {
    let x = 360
    const y = 100 + line * 16
    while (x < width - 200) { const w = 8 + Math.floor(random() * 60); fill(x, y, w, 9, [30, 30, 40]); x += w + 7 }
  }
  return px
}

/** An animated GIF: a gradient sky with a ball crossing it. */
export function animatedGif(width: number, height: number, frames: number): Promise<Buffer> {
  const px = Buffer.alloc(width * height * frames * 3)
  for (let f = 0; f < frames; f++) {
    const cx = (f / frames) * width, cy = height / 2 + Math.sin(f / 3) * height / 4
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = ((f * height + y) * width + x) * 3
        const ball = Math.hypot(x - cx, y - cy) < 30
        px[i] = ball ? 240 : (x * 255) / width; px[i + 1] = ball ? 200 : 120; px[i + 2] = ball ? 40 : (y * 255) / height
      }
    }
  }
  return sharp(px, { raw: { width, height: height * frames, channels: 3, pageHeight: height } }).gif({ loop: 0, delay: Array(frames).fill(40) }).toBuffer()
}

