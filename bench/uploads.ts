// The upload benchmark (`npm run bench:uploads`): images through the real API of a real
// Phare process (SQLite), as an app sends them: POST /api/v2/media (multipart), then a post
// with media_ids while the image may still be processing, then GET /api/v1/media/:id until
// it is ready. Meanwhile another person reads their home timeline in a loop, and the same
// reads are measured with no upload running: media work must not slow reading.
//   npm run bench:uploads                       24 images of each kind, 4 uploaders
//   npm run bench:uploads -- --images N --concurrency C   (--quick: 8 images)
// Prints one table; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { startPhare, type Running } from './processes.ts'
import { animatedGif, photoPixels, screenshotPixels } from './images.ts'

const argv = process.argv.slice(2)
const option = (name: string) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined }
const images = Number(option('--images') ?? (argv.includes('--quick') ? 8 : 24))
const concurrency = Number(option('--concurrency') ?? 4)
const log = (line: string) => console.error(`[bench:uploads] ${line}`)
const n = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]! : NaN }
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

interface Person { token: string }

async function json(res: Response): Promise<any> {
  const text = await res.text()
  try { return JSON.parse(text) } catch { throw new Error(`${res.status} ${text.slice(0, 200)}`) }
}

async function signUp(url: string, appToken: string, username: string): Promise<Person> {
  const res = await fetch(`${url}/api/v1/accounts`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${appToken}` },
    body: JSON.stringify({ username, email: `${username}@example.test`, password: `correct horse ${username}`, agreement: true, locale: 'en' }),
  })
  return { token: (await json(res)).access_token }
}

async function appToken(url: string): Promise<string> {
  const app = await json(await fetch(`${url}/api/v1/apps`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: 'bench', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow' }),
  }))
  const tok = await json(await fetch(`${url}/oauth/token`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: 'read write follow' }),
  }))
  return tok.access_token
}

/** Home reads in a loop until `stop()`; their latencies in ms. */
function reader(url: string, p: Person): { stop(): Promise<number[]> } {
  const ms: number[] = []
  let running = true
  const loop = (async () => {
    // Bounded: at most 100,000 reads whatever happens.
    for (let i = 0; running && i < 100_000; i++) {
      const t0 = performance.now()
      const res = await fetch(`${url}/api/v1/timelines/home?limit=20`, { headers: { authorization: `Bearer ${p.token}` } })
      await res.arrayBuffer()
      ms.push(performance.now() - t0)
      await sleep(20)
    }
  })()
  return { async stop() { running = false; await loop; return ms } }
}

interface Row {
  kind: string; input: string; accepted: number; uploadMs: number[]; acceptSeconds: number; readySeconds: number
  postFailures: number; cpuPerImage: number; peakRss: number; reads: number[]; notReady: number
}

async function run(phare: Running, uploaders: Person[], readerPerson: Person, kind: string, bytes: Buffer, type: string): Promise<Row> {
  const url = phare.url
  const read = reader(url, readerPerson)
  const cpu0 = phare.cpuSeconds()
  const uploadMs: number[] = []
  const ids: { id: string; token: string }[] = []
  let postFailures = 0
  let next = 0
  const t0 = performance.now()
  await Promise.all(uploaders.slice(0, concurrency).map(async (p) => {
    while (next < images) {
      next++
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(bytes)], { type }), `image.${type.split('/')[1]}`)
      const u0 = performance.now()
      const res = await fetch(`${url}/api/v2/media`, { method: 'POST', headers: { authorization: `Bearer ${p.token}` }, body: form })
      const media = await json(res)
      uploadMs.push(performance.now() - u0)
      if (res.status !== 202 && res.status !== 200) throw new Error(`upload answered ${res.status}: ${JSON.stringify(media)}`)
      ids.push({ id: media.id, token: p.token })
      const post = await fetch(`${url}/api/v1/statuses`, {
        method: 'POST', headers: { authorization: `Bearer ${p.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status: `bench ${kind}`, media_ids: [media.id] }),
      })
      await post.arrayBuffer()
      if (post.status !== 200) postFailures++
    }
  }))
  const acceptSeconds = (performance.now() - t0) / 1000
  // Ready when GET /api/v1/media/:id answers 200 (asked by its owner); each pending image asked every 250 ms, for at most 10 minutes.
  const pending = new Map(ids.map((x) => [x.id, x.token]))
  const until = Date.now() + 600_000
  while (pending.size && Date.now() < until) {
    await Promise.all([...pending].map(async ([id, token]) => {
      const res = await fetch(`${url}/api/v1/media/${id}`, { headers: { authorization: `Bearer ${token}` } })
      await res.arrayBuffer()
      if (res.status === 200) pending.delete(id)
    }))
    if (pending.size) await sleep(250)
  }
  const readySeconds = (performance.now() - t0) / 1000
  const reads = await read.stop()
  const meta = await sharp(bytes, { animated: true }).metadata()
  const input = `${meta.width}×${meta.pageHeight ?? meta.height}${(meta.pages ?? 1) > 1 ? ` × ${meta.pages} frames` : ''}, ${n(bytes.length / 1e6, 1)} MB`
  return {
    kind, input, accepted: ids.length, uploadMs, acceptSeconds, readySeconds, postFailures,
    cpuPerImage: (phare.cpuSeconds() - cpu0) / ids.length, peakRss: phare.memory().peak, reads, notReady: pending.size,
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'phare-bench-uploads-'))
let phare: Running | null = null
try {
  log('making the inputs')
  const jpeg = await sharp(photoPixels(4032, 3024), { raw: { width: 4032, height: 3024, channels: 3 } }).jpeg({ quality: 90 }).toBuffer()
  const png = await sharp(screenshotPixels(1920, 1080), { raw: { width: 1920, height: 1080, channels: 3 } }).png().toBuffer()
  const gif = await animatedGif(480, 270, 30)
  phare = await startPhare({ PHARE_DATA_DIR: dataDir, PHARE_PREVIEWS: 'off' })
  const app = await appToken(phare.url)
  const uploaders = await Promise.all(Array.from({ length: concurrency }, (_, i) => signUp(phare!.url, app, `up${i}`)))
  const readerPerson = await signUp(phare.url, app, 'reader')
  // The reader follows the uploaders: their posts land in the home being read.
  const me = await json(await fetch(`${phare.url}/api/v1/accounts/verify_credentials`, { headers: { authorization: `Bearer ${uploaders[0]!.token}` } }))
  await fetch(`${phare.url}/api/v1/accounts/${me.id}/follow`, { method: 'POST', headers: { authorization: `Bearer ${readerPerson.token}` } })

  log('home reads with nothing else running (baseline, 5 s)')
  const base = reader(phare.url, readerPerson)
  await sleep(5000)
  const baseline = await base.stop()

  const rows: Row[] = []
  for (const [kind, bytes, type] of [['JPEG photo (12 MP)', jpeg, 'image/jpeg'], ['PNG screenshot (1080p)', png, 'image/png'], ['GIF animation', gif, 'image/gif']] as const) {
    log(`${kind}: ${images} images, ${concurrency} uploaders`)
    rows.push(await run(phare, uploaders, readerPerson, kind, bytes, type))
  }

  console.log(`\nPhare upload benchmark — POST /api/v2/media + post + wait until processed, ${images} images per row, ${concurrency} uploaders, SQLite, ${availableParallelism()} cores, ${new Date().toISOString()}\n`)
  console.log('| input | uploads accepted/s | upload p50 / p95 / max | processed images/s (end to end) | posts refused | server CPU per image | home read p50 / p95 while uploading | server peak RSS |')
  console.log('|---|---|---|---|---|---|---|---|')
  for (const r of rows) {
    console.log(`| ${r.kind}: ${r.input} | ${n(r.accepted / r.acceptSeconds, 1)} | ${n(quantile(r.uploadMs, 0.5))} / ${n(quantile(r.uploadMs, 0.95))} / ${n(Math.max(...r.uploadMs))} ms | ${n(r.accepted / r.readySeconds, 2)}${r.notReady ? ` (${r.notReady} never ready)` : ''} | ${r.postFailures} | ${n(r.cpuPerImage * 1000)} ms | ${n(quantile(r.reads, 0.5), 1)} / ${n(quantile(r.reads, 0.95), 1)} ms (${r.reads.length} reads) | ${n(r.peakRss * 1.048576)} MB |`)
  }
  console.log(`\nHome reads with no upload running: p50 ${n(quantile(baseline, 0.5), 1)} ms, p95 ${n(quantile(baseline, 0.95), 1)} ms (${baseline.length} reads).`)
  console.log('Uploads are accepted (202) once checked and stored; processing runs in the media lane (one image per core but one, at most 4), so "processed images/s" is the lane\'s throughput seen from outside.')
} finally {
  await phare?.stop()
  rmSync(dataDir, { recursive: true, force: true })
}
