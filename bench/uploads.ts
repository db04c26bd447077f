// The upload benchmark (`npm run bench:uploads`): images through the real API of a real
// Phare process, as an app sends them: POST /api/v2/media (multipart), a post with media_ids
// at once (the image may still be processing), and GET /api/v1/media/:id every 250 ms until
// it is ready. Meanwhile another person reads their home timeline in a loop, and the same
// reads are measured before, with nothing else running: media work must not slow reading.
//   npm run bench:uploads                       24 images of each kind, 4 uploaders, SQLite
//   npm run bench:uploads -- --images N --concurrency C   (--quick: 8 images)
//   npm run bench:uploads -- --postgres         the same against a throw-away PostgreSQL
// Progress goes to stderr, the table to stdout. Prints figures; asserts nothing.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'
import { openPostgres } from './bulk.ts'
import { startPhare, type Running } from './processes.ts'
import { animatedGif, photoPixels, screenshotPixels } from './images.ts'

const argv = process.argv.slice(2)
const option = (name: string) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined }
const images = Number(option('--images') ?? (argv.includes('--quick') ? 8 : 24))
const concurrency = Number(option('--concurrency') ?? 4)
const postgres = argv.includes('--postgres')
const POLL_MS = 250
const READY_WITHIN_MS = 300_000 // per image, counted from its upload
const REQUEST_TIMEOUT_MS = 60_000
const log = (line: string) => console.error(`[bench:uploads] ${line}`)
const n = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]! : NaN }
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

if (postgres && !process.env.PHARE_TEST_DATABASE_URL) {
  // Re-run under a throw-away PostgreSQL server, which sets PHARE_TEST_DATABASE_URL.
  const script = fileURLToPath(new URL('../scripts/with-postgres.sh', import.meta.url))
  const r = spawnSync('bash', [script, process.execPath, ...process.execArgv, fileURLToPath(import.meta.url), ...argv], { stdio: 'inherit' })
  process.exit(r.status ?? 1)
}

/** One request on loopback, never waiting longer than REQUEST_TIMEOUT_MS; the body read. */
async function call(url: string, token: string | null, method: string, body?: FormData | object): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
  if (body && !(body instanceof FormData)) headers['content-type'] = 'application/json'
  const res = await fetch(url, {
    method, headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  try { return { status: res.status, json: JSON.parse(text) } } catch { return { status: res.status, json: text.slice(0, 200) } }
}

/** An app token, then people signed up through the API (as test/support/people.ts does). */
async function signUpAll(url: string, usernames: string[]): Promise<string[]> {
  const scopes = 'read write follow'
  const app = (await call(`${url}/api/v1/apps`, null, 'POST', { client_name: 'bench', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes })).json
  const appToken = (await call(`${url}/oauth/token`, null, 'POST', { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: scopes })).json.access_token
  return Promise.all(usernames.map(async (username) => {
    const r = await call(`${url}/api/v1/accounts`, appToken, 'POST', { username, email: `${username}@example.test`, password: `correct horse ${username}`, agreement: true, locale: 'en' })
    if (r.status !== 200) throw new Error(`sign-up of ${username} answered ${r.status}: ${JSON.stringify(r.json)}`)
    return r.json.access_token as string
  }))
}

/** Home reads in a loop (one at a time, 20 ms apart) until `stop()`: their latencies in ms, and failures. */
function reader(url: string, token: string): { stop(): Promise<{ ms: number[]; failed: number }> } {
  const ms: number[] = []
  let failed = 0
  let running = true
  const loop = (async () => {
    for (let i = 0; running && i < 100_000; i++) {
      const t0 = performance.now()
      try {
        const r = await call(`${url}/api/v1/timelines/home?limit=20`, token, 'GET')
        if (r.status === 200) ms.push(performance.now() - t0)
        else failed++
      } catch { failed++ }
      await sleep(20)
    }
  })()
  return { async stop() { running = false; await loop; return { ms, failed } } }
}

// Writing 5 to clear_refs resets VmHWM (Linux ≥ 4.0), so each row gets its own peak.
function resetPeakRss(pid: number): boolean {
  try { writeFileSync(`/proc/${pid}/clear_refs`, '5'); return true } catch { return false }
}

interface Input { kind: string; bytes: Buffer; type: string; describe: string }
interface Row {
  input: Input; accepted: number; refused: number; uploadMs: number[]; acceptSeconds: number
  readyMs: number[]; lastReadySeconds: number; failed: number; neverReady: number
  posted: number; postRefused: number; postedWhileProcessing: number
  cpuSeconds: number; readCpuSeconds: number; peakRss: number; reads: { ms: number[]; failed: number }
}

/** Waits until an upload is ready (200 with a url), polling every POLL_MS; the outcome and when. */
async function whenReady(url: string, token: string, id: string): Promise<{ state: 'ready' | 'failed' | 'never'; at: number }> {
  const until = performance.now() + READY_WITHIN_MS
  while (performance.now() < until) {
    await sleep(POLL_MS)
    const r = await call(`${url}/api/v1/media/${id}`, token, 'GET').catch(() => ({ status: 0, json: null }))
    if (r.status === 200) return { state: r.json?.url ? 'ready' : 'failed', at: performance.now() }
    if (r.status !== 206 && r.status !== 0) return { state: 'failed', at: performance.now() }
  }
  return { state: 'never', at: performance.now() }
}

async function run(phare: Running, uploaders: string[], readerToken: string, input: Input, cpuPerRead: number): Promise<Row> {
  const url = phare.url
  const resetOk = resetPeakRss(phare.pid)
  const read = reader(url, readerToken)
  const cpu0 = phare.cpuSeconds()
  const uploadMs: number[] = []
  const readyMs: number[] = []
  const waits: Promise<void>[] = []
  let refused = 0, failed = 0, neverReady = 0, lastReady = 0, posted = 0, postRefused = 0, postedWhileProcessing = 0
  let next = 0
  const t0 = performance.now()
  await Promise.all(uploaders.map(async (token) => {
    while (next < images) {
      next++
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(input.bytes)], { type: input.type }), `image.${input.type.split('/')[1]}`)
      const u0 = performance.now()
      const up = await call(`${url}/api/v2/media`, token, 'POST', form).catch((e: Error) => ({ status: 0, json: e.message }))
      const accepted = performance.now()
      if (up.status !== 202 && up.status !== 200) { refused++; log(`upload answered ${up.status}: ${JSON.stringify(up.json)}`); continue }
      uploadMs.push(accepted - u0)
      const id = up.json.id as string
      // The app posts at once and polls meanwhile; neither holds up this uploader's next upload.
      waits.push((async () => {
        const post = await call(`${url}/api/v1/statuses`, token, 'POST', { status: `bench ${input.kind}`, media_ids: [id] }).catch(() => ({ status: 0, json: null }))
        if (post.status !== 200) postRefused++
        else { posted++; if (post.json.media_attachments?.[0]?.url === null) postedWhileProcessing++ }
      })())
      waits.push(whenReady(url, token, id).then((r) => {
        if (r.state === 'ready') { readyMs.push(r.at - accepted); lastReady = Math.max(lastReady, r.at) } else if (r.state === 'failed') failed++
        else neverReady++
      }))
    }
  }))
  const acceptSeconds = (performance.now() - t0) / 1000
  await Promise.all(waits)
  const reads = await read.stop()
  const cpuSeconds = phare.cpuSeconds() - cpu0
  return {
    input, accepted: uploadMs.length, refused, uploadMs, acceptSeconds, readyMs, lastReadySeconds: (lastReady - t0) / 1000, failed, neverReady,
    posted, postRefused, postedWhileProcessing, cpuSeconds, readCpuSeconds: reads.ms.length * cpuPerRead,
    peakRss: resetOk ? phare.memory().peak : NaN, reads,
  }
}

async function describe(bytes: Buffer): Promise<string> {
  const meta = await sharp(bytes, { animated: true }).metadata()
  return `${meta.width}×${meta.pageHeight ?? meta.height}${(meta.pages ?? 1) > 1 ? ` × ${meta.pages} frames` : ''}, ${n(bytes.length / 1e6, 1)} MB`
}

const dataDir = mkdtempSync(join(tmpdir(), 'phare-bench-uploads-'))
let phare: Running | null = null
try {
  log('making the inputs')
  const inputs: Input[] = []
  const add = async (kind: string, bytes: Buffer, type: string) => inputs.push({ kind, bytes, type, describe: await describe(bytes) })
  await add('JPEG photo (12 MP)', await sharp(photoPixels(4032, 3024), { raw: { width: 4032, height: 3024, channels: 3 } }).jpeg({ quality: 90 }).toBuffer(), 'image/jpeg')
  await add('PNG screenshot (1080p)', await sharp(screenshotPixels(1920, 1080), { raw: { width: 1920, height: 1080, channels: 3 } }).png().toBuffer(), 'image/png')
  await add('GIF animation', await animatedGif(480, 270, 30), 'image/gif')

  let databaseUrl: string | null = null
  if (postgres) {
    const db = await openPostgres(process.env.PHARE_TEST_DATABASE_URL!, 'phare_bench_uploads')
    databaseUrl = db.url
    await db.close()
  }
  phare = await startPhare({ PHARE_DATA_DIR: dataDir, ...(databaseUrl ? { PHARE_DATABASE_URL: databaseUrl } : {}), PHARE_PREVIEWS: 'off' })
  const startPeak = phare.memory().peak
  log(`Phare is up (pid ${phare.pid}, ${postgres ? 'PostgreSQL' : 'SQLite'})`)
  const tokens = await signUpAll(phare.url, [...Array.from({ length: concurrency }, (_, i) => `up${i}`), 'reader'])
  const uploaders = tokens.slice(0, concurrency)
  const readerToken = tokens[concurrency]!
  // The reader follows the uploaders: their posts, images still processing or not, land in the home being read.
  for (const token of uploaders) {
    const me = await call(`${phare.url}/api/v1/accounts/verify_credentials`, token, 'GET')
    await call(`${phare.url}/api/v1/accounts/${me.json.id}/follow`, readerToken, 'POST')
  }

  log('home reads with nothing else running (baseline, 5 s)')
  const baseCpu0 = phare.cpuSeconds()
  const base = reader(phare.url, readerToken)
  await sleep(5000)
  const baseline = await base.stop()
  const cpuPerRead = (phare.cpuSeconds() - baseCpu0) / Math.max(1, baseline.ms.length)

  const rows: Row[] = []
  for (const input of inputs) {
    log(`${input.kind}: ${images} images, ${concurrency} uploaders`)
    rows.push(await run(phare, uploaders, readerToken, input, cpuPerRead))
  }

  const ms = (x: number) => n(x)
  const out = [
    `\nPhare upload benchmark — POST /api/v2/media, a post with media_ids, GET /api/v1/media/:id every ${POLL_MS} ms until ready; ${images} images per row, ${concurrency} uploaders, ${postgres ? 'PostgreSQL' : 'SQLite'}, ${availableParallelism()} cores, ${new Date().toISOString()}\n`,
    '| input | uploads accepted/s | upload latency p50 / p95 / max (request → 202) | processed images/s, end to end | ready after its 202: p50 / p95 | posts refused | server CPU per image | server peak RSS during the row | home reads p50 / p95 while uploading |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const trouble = [r.refused && `${r.refused} uploads refused`, r.failed && `${r.failed} failed`, r.neverReady && `${r.neverReady} not ready within ${READY_WITHIN_MS / 1000} s`].filter(Boolean).join(', ')
      const perImage = (r.cpuSeconds - r.readCpuSeconds) / Math.max(1, r.accepted)
      return `| ${r.input.kind}: ${r.input.describe} | ${n(r.accepted / r.acceptSeconds, 1)} | ${ms(quantile(r.uploadMs, 0.5))} / ${ms(quantile(r.uploadMs, 0.95))} / ${ms(Math.max(...r.uploadMs))} ms`
        + ` | ${n(r.readyMs.length / r.lastReadySeconds, 2)}${trouble ? ` (${trouble})` : ''} | ${n(quantile(r.readyMs, 0.5) / 1000, 1)} / ${n(quantile(r.readyMs, 0.95) / 1000, 1)} s`
        + ` | ${r.postRefused} of ${r.posted + r.postRefused} (${r.postedWhileProcessing} posted while their image was processing) | ${ms(perImage * 1000)} ms | ${Number.isNaN(r.peakRss) ? 'n/a' : `${n(r.peakRss * 1.048576)} MB`}`
        + ` | ${n(quantile(r.reads.ms, 0.5), 1)} / ${n(quantile(r.reads.ms, 0.95), 1)} ms (${r.reads.ms.length} reads${r.reads.failed ? `, ${r.reads.failed} failed` : ''}) |`
    }),
    '',
    `Home reads with no upload running (baseline): p50 ${n(quantile(baseline.ms, 0.5), 1)} ms, p95 ${n(quantile(baseline.ms, 0.95), 1)} ms (${baseline.ms.length} reads${baseline.failed ? `, ${baseline.failed} failed` : ''}).`,
    `Server peak RSS over the whole run: ${n(Math.max(startPeak, ...rows.map((r) => r.peakRss).filter((x) => !Number.isNaN(x))) * 1.048576)} MB.`,
    '"Processed images/s" is images ready ÷ time from the first upload sent until the last one was seen ready (polling adds up to 250 ms).',
    `Server CPU per image counts the upload, the post, the polls and the processing; the reader's share (${n(cpuPerRead * 1000, 2)} ms per read, measured in the baseline) is taken out.`,
    'Uploads are accepted (202) once checked and stored; processing runs in the media lane, one image at a time per core but one (at most 4).',
    '',
  ]
  console.log(out.join('\n'))
} finally {
  await phare?.stop()
  rmSync(dataDir, { recursive: true, force: true })
}
