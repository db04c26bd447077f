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
import { animatedGif, photoPixels, screenshotPixels } from './images.ts'

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
