// The media benchmark (`npm run bench:media`): what turning uploads into renditions costs,
// in this process, as the media job does it (inspectImage + processImage): a 12-MP phone
// JPEG, a 1080p PNG screenshot, a 480×270 animated GIF of 30 frames and a 12-MP HEIC,
// one at a time and two at a time (the media lane's concurrency). Prints one table:
// milliseconds per image (p50/p95), images per second and the process's peak RSS.
//   npm run bench:media                   8 images of each kind per run
//   npm run bench:media -- --images N     N per run  (--quick: 3)
//   npm run bench:media -- --vips-threads N   libvips threads per image instead of process.ts's 1
//   npm run bench:media -- --only jpeg,heic   some rows only (jpeg, png, gif, heic)
//   Memory: run with MALLOC_ARENA_MAX=2 to see what it saves (glibc otherwise keeps an arena per libvips thread).
// The 12-MP HEIC is made once with Debian's heif-enc (~30 s; apt-get install -y libheif-examples)
// and kept in the system temp directory; without heif-enc its row says "not measured".
// Progress goes to stderr, the table to stdout.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import sharp from 'sharp'
import { inspectImage } from '../packages/server/src/services/media/inspect.ts'
import { processImage, type ProcessedImage } from '../packages/server/src/services/media/process.ts'
import { prng } from './random.ts'

const argv = process.argv.slice(2)
const option = (name: string) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined }
const images = Number(option('--images') ?? (argv.includes('--quick') ? 3 : 8))
const only = option('--only')?.split(',')
const vipsThreads = option('--vips-threads')
if (vipsThreads) sharp.concurrency(Number(vipsThreads)) // after process.ts set its own
const log = (line: string) => console.error(`[bench:media] ${line}`)
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const n = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
const mb = (bytes: number) => `${n(bytes / 1e6, 1)} MB`
const size = (bytes: number) => (bytes >= 1e6 ? mb(bytes) : `${n(bytes / 1e3)} kB`)
const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] }

/** A phone-photo-like picture: light gradients, soft shapes carrying textures (foliage, fabric) at several scales, sensor noise. */
function photoPixels(width: number, height: number): Buffer {
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
function screenshotPixels(width: number, height: number): Buffer {
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
function animatedGif(width: number, height: number, frames: number): Promise<Buffer> {
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

/** The 12-MP HEIC (from the 12-MP JPEG), made once and kept; null without heif-enc. */
function heic12mp(jpeg: Buffer): Buffer | null {
  const dir = join(tmpdir(), 'phare-bench-media')
  const file = join(dir, 'photo-4032x3024-v2.heic')
  if (existsSync(file)) return readFileSync(file)
  if (spawnSync('heif-enc', ['--help']).error) return null
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'source.jpg'), jpeg)
  log('encoding the 12-MP HEIC with heif-enc (once, ~30 s)')
  const r = spawnSync('heif-enc', ['-q', '50', '-o', `${file}.tmp`, join(dir, 'source.jpg')], { stdio: ['ignore', 'ignore', 'inherit'] })
  if (r.status !== 0) return null
  renameSync(`${file}.tmp`, file)
  return readFileSync(file)
}

interface Row { kind: string; input: string; out: string; concurrency: number; ms: number[]; perSecond: number; cpuMs: number; peakRss: number; startRss: number }

/** Processes `count` copies of `bytes`, `concurrency` at a time; samples RSS meanwhile. */
async function measure(kind: string, bytes: Buffer, concurrency: number, count: number): Promise<Row> {
  gc()
  const startRss = process.memoryUsage.rss()
  let peakRss = startRss
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage.rss()) }, 5)
  const ms: number[] = []
  let last: ProcessedImage | null = null
  let next = 0
  const started = performance.now()
  const cpu = process.cpuUsage()
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) {
      next++
      const t = performance.now()
      last = await processImage(bytes, await inspectImage(bytes))
      ms.push(performance.now() - t)
    }
  }))
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  clearInterval(sampler)
  peakRss = Math.max(peakRss, process.memoryUsage.rss())
  const meta = await sharp(bytes).metadata()
  const done = last as ProcessedImage | null
  const dims = `${meta.width}×${meta.pageHeight ?? meta.height}${(meta.pages ?? 1) > 1 ? ` × ${meta.pages} frames` : ''}`
  const out = done ? `${size(done.large.bytes.length)} ${done.large.width}×${done.large.height}${done.animated ? ' animated' : ''} + ${size(done.small.bytes.length)}` : ''
  return { kind, input: `${dims}, ${size(bytes.length)}`, out, concurrency, ms, perSecond: count / seconds, cpuMs: (used.user + used.system) / 1000 / count, peakRss, startRss }
}

log('making the inputs')
const photo = !only || only.includes('jpeg') || only.includes('heic') ? await sharp(photoPixels(4032, 3024), { raw: { width: 4032, height: 3024, channels: 3 } }).jpeg({ quality: 90 }).toBuffer() : Buffer.alloc(0)
const wanted = (kind: string) => !only || only.includes(kind)
const inputs: [string, Buffer | string][] = []
if (wanted('jpeg')) inputs.push(['JPEG photo (12 MP)', photo])
if (wanted('png')) inputs.push(['PNG screenshot (1080p)', await sharp(screenshotPixels(1920, 1080), { raw: { width: 1920, height: 1080, channels: 3 } }).png().toBuffer()])
if (wanted('gif')) inputs.push(['GIF animation', await animatedGif(480, 270, 30)])
if (wanted('heic')) inputs.push(['HEIC photo (12 MP)', heic12mp(photo) ?? 'not measured: heif-enc is not installed (apt-get install -y libheif-examples)'])

const rows: (Row | [string, string])[] = []
for (const concurrency of [1, 2]) {
  for (const [kind, bytes] of inputs) {
    if (typeof bytes === 'string') { if (concurrency === 1) rows.push([kind, bytes]); continue }
    log(`${kind}: ${images} images, ${concurrency} at a time`)
    await measure(kind, bytes, concurrency, 1) // warm-up: first use loads codecs
    rows.push(await measure(kind, bytes, concurrency, images))
  }
}

const out = [
  `\nPhare media benchmark — inspectImage + processImage in one process, ${availableParallelism()} cores, libvips ${sharp.versions.vips},`
  + ` ${sharp.concurrency()} libvips thread(s) per image, operation cache off${process.env.MALLOC_ARENA_MAX ? `, MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX}` : ''}, ${images} images per row, ${new Date().toISOString()}\n`,
  '| input | size | renditions (large + small) | at a time | ms per image p50 / p95 | images/s | CPU ms per image | peak RSS (at start) |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => Array.isArray(r)
    ? `| ${r[0]} | ${r[1]} | | | | | | |`
    : `| ${r.kind} | ${r.input} | ${r.out} | ${r.concurrency} | ${n(quantile(r.ms, 0.5))} / ${n(quantile(r.ms, 0.95))} | ${n(r.perSecond, 2)} | ${n(r.cpuMs)} | ${mb(r.peakRss)} (${mb(r.startRss)}) |`),
  '',
  `Process peak RSS over the whole run (VmHWM, includes making the inputs): ${mb(process.resourceUsage().maxRSS * 1024)}.`,
  'CPU time counts every thread of the process (libvips, the HEIC decoder\'s worker); it moves less than rates when the machine is shared.',
  '',
]
console.log(out.join('\n'))
