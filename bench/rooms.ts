// The live-room benchmark (`npm run bench:rooms`): Debian's nginx with deploy/nginx/rooms.conf
// in front of a real Phare process (SQLite, fresh data directory), one WebRTC speaker (werift)
// talking for the whole run, and a join storm of simulated listeners per row. Each row is a new
// scheduled room: some listeners arrive before its start (the waiting room: they must be
// attached when the audio begins, never told "not available"), the rest within 2 s after it;
// all follow the LL-HLS playlist by blocking reloads through nginx and fetch every part.
//   npm run bench:rooms                           rows of 200, 1,000 and 3,000 listeners, 20 s each
//   npm run bench:rooms -- --sizes 500,5000 --seconds 30 --workers 4 --early 0.2
//   npm run bench:rooms -- --direct 0             (no row without nginx; default: one of 200)
//   npm run bench:rooms -- --log FILE             (appends each row's nginx access log lines to FILE)
//   BENCH_WORKER_FLAGS="--cpu-prof --cpu-prof-dir=DIR"   Node.js flags for the listener threads
// Progress goes to stderr, the table to stdout. Prints figures; asserts nothing.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { Agent } from 'node:http'
import { Worker } from 'node:worker_threads'
import { freePort, startPhare, type Running } from './processes.ts'
import { call, signUpPerson } from './api.ts'
import { quantile } from './fanout.ts'
import { startNginx, type Nginx } from '../test/support/nginx.ts'
import { emptyStats, listen, mergeStats, type ListenerStats } from '../test/support/hls-listener.ts'
import { opusTone, speaker } from '../test/support/room-audio.ts'
import type { ListenerJob, ListenerResult } from './room-listeners.ts'

const argv = process.argv.slice(2)
const option = (name: string) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined }
const sizes = (option('--sizes') ?? '200,1000,3000').split(',').map(Number).filter((x) => x > 0)
const seconds = Number(option('--seconds') ?? 20)
const workers = Number(option('--workers') ?? Math.max(2, availableParallelism()))
const earlyShare = Number(option('--early') ?? 0.2)
const directSize = Number(option('--direct') ?? 200)
const keepLog = option('--log')
const START_AFTER_MS = 3000 // the early listeners wait this long in the waiting room
const STORM_MS = 2000
const log = (line: string) => console.error(`[bench:rooms] ${line}`)
const n = (x: number, digits = 0) => Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Runs listeners on worker threads, arrivals dealt round-robin; resolves with their merged counts and the worst loop lag. */
function swarm(base: string, roomId: string, arrivals: number[], until: number): Promise<{ stats: ListenerStats; lagP99Ms: number; lagMaxMs: number }> {
  const k = Math.max(1, Math.min(workers, arrivals.length))
  return Promise.all(Array.from({ length: k }, (_, w) => new Promise<ListenerResult>((resolve, reject) => {
    const job: ListenerJob = { base, roomId, arrivals: arrivals.filter((_, i) => i % k === w), until }
    const worker = new Worker(new URL('./room-listeners.ts', import.meta.url), { workerData: job, execArgv: [...process.execArgv, ...(process.env.BENCH_WORKER_FLAGS?.split(' ').filter(Boolean) ?? [])] })
    worker.once('message', resolve)
    worker.once('error', reject)
  }))).then((all) => ({
    stats: all.map((r) => r.stats).reduce(mergeStats, emptyStats()),
    lagP99Ms: Math.max(...all.map((r) => r.lagP99Ms)), lagMaxMs: Math.max(...all.map((r) => r.lagMaxMs)),
  }))
}

// Writing 5 to clear_refs resets VmHWM (Linux ≥ 4.0), so each row gets its own peak.
const resetPeakRss = (pid: number) => { try { writeFileSync(`/proc/${pid}/clear_refs`, '5'); return true } catch { return false } }

interface Row {
  label: string; listeners: number; early: number; s: ListenerStats; probe: ListenerStats
  originHls: number | null; originMeta: number | null; originParts: number | null; distinctParts: number | null; nginxRequests: number | null
  /** answers nginx logged with a status ≥ 400 (499: the listener gave up first) */
  nginxErrors: number | null
  phareCpu: number; phareRss: number; nginxCpu: number | null; genCpu: number; lagP99Ms: number; lagMaxMs: number; seconds: number
}

async function row(phare: Running, nginx: Nginx | null, host: string, size: number): Promise<Row> {
  const base = nginx?.url ?? phare.url
  const label = nginx ? 'nginx' : 'direct'
  const room = (await call(`${phare.url}/api/v1/phare/rooms`, host, 'POST', { title: `Bench ${size}`, scheduled_at: new Date(Date.now() + 3_600_000).toISOString() })).json
  if (!room.id) throw new Error(`room create: ${JSON.stringify(room)}`)
  const early = Math.round(size * earlyShare)
  const t0 = Date.now() + 300
  const startAt = t0 + START_AFTER_MS
  const until = startAt + seconds * 1000
  const arrivals = [
    ...Array.from({ length: early }, () => t0 + Math.random() * 1000),
    ...Array.from({ length: size - early }, () => startAt + Math.random() * STORM_MS),
  ]
  log(`${label}: ${size} listeners (${early} before the start) on room ${room.id} for ${seconds} s`)
  const resetOk = resetPeakRss(phare.pid)
  const cpu0 = { phare: phare.cpuSeconds(), nginx: nginx?.cpuSeconds() ?? 0, gen: process.cpuUsage() }
  const listening = swarm(base, room.id, arrivals, until)
  // One listener straight at Phare on this thread: what the packager and Phare alone take.
  const probe = emptyStats()
  const probeAgent = new Agent({ keepAlive: true })
  const probing = listen({ base: phare.url, roomId: room.id, arriveAt: startAt, until, agent: probeAgent, stats: probe })

  await sleep(startAt - Date.now())
  const started = await call(`${phare.url}/api/v1/phare/rooms/${room.id}/start`, host, 'POST')
  if (started.status !== 200) throw new Error(`start: ${started.status} ${JSON.stringify(started.json)}`)
  const mic = await speaker(async (sdp) => {
    const r = await call(`${phare.url}/api/v1/phare/rooms/${room.id}/stage/connect`, host, 'POST', { sdp })
    if (r.status !== 200) throw new Error(`stage/connect: ${r.status} ${JSON.stringify(r.json)}`)
    return r.json
  })
  let talking = true
  const talk = (async () => { while (talking && Date.now() < until) await mic.say(tone) })()
  const { stats: s, lagP99Ms, lagMaxMs } = await listening
  await probing
  probeAgent.destroy()
  talking = false
  await talk
  await mic.close()
  await call(`${phare.url}/api/v1/phare/rooms/${room.id}/end`, host, 'POST')
  const gen = process.cpuUsage(cpu0.gen)

  let originHls: number | null = null, originMeta: number | null = null, originParts: number | null = null, distinctParts: number | null = null, nginxRequests: number | null = null, nginxErrors: number | null = null
  if (nginx) {
    await sleep(1500) // the last log lines: a request waiting on the cache lock notices its client left within 500 ms
    const lines = nginx.log().filter((l) => l.uri.startsWith(`/hls/rooms/${room.id}/`) || l.uri === `/api/v1/phare/rooms/${room.id}`)
    nginxRequests = lines.length
    nginxErrors = lines.filter((l) => l.status >= 400).length
    if (keepLog) appendFileSync(keepLog, lines.map((l) => `${l.at} ${l.cache} ${l.upstream ? 'origin' : '-'} ${l.status} ${l.seconds} ${l.uri}\n`).join(''))
    const hls = lines.filter((l) => l.uri.startsWith('/hls/'))
    originHls = hls.filter((l) => l.upstream).length
    originMeta = lines.filter((l) => l.upstream && l.uri.startsWith('/api/')).length
    originParts = hls.filter((l) => l.upstream && /\.\d+\.m4s$/.test(l.uri)).length
    distinctParts = new Set(hls.filter((l) => /\.\d+\.m4s$/.test(l.uri)).map((l) => l.uri)).size
  }
  return {
    label, listeners: size, early, s, probe, originHls, originMeta, originParts, distinctParts, nginxRequests, nginxErrors,
    phareCpu: phare.cpuSeconds() - cpu0.phare, phareRss: resetOk ? phare.memory().peak : phare.memory().rss,
    nginxCpu: nginx ? nginx.cpuSeconds() - cpu0.nginx : null, genCpu: (gen.user + gen.system) / 1e6, lagP99Ms, lagMaxMs, seconds: (Date.now() - t0) / 1000,
  }
}

function print(rows: Row[]): void {
  const ms = (xs: number[], q: number) => n(quantile(xs, q))
  const head = ['path', 'listeners (early)', 'served', 'parts fetched', 'requests at nginx', 'origin requests (HLS + room)', 'origin req. per distinct part', 'origin req. per listener-part',
    'join p50 / p99', 'speaker→listener p50 / p95 / p99', 'packager alone p50 / p95', 'listener failures', 'errors answered by nginx', '503 retried', 'Phare CPU / peak RSS', 'nginx CPU', 'load generator CPU (event loop lag p99 / max)']
  const lines = rows.map((r) => {
    const failures = Object.entries(r.s.failures)
    const failed = failures.reduce((t, [, v]) => t + v, 0)
    const origin = r.originHls === null ? r.s.requests : r.originHls + r.originMeta!
    return [
      r.label, `${n(r.listeners)} (${n(r.early)})`, `${n(r.s.attached)}`, n(r.s.parts), n(r.nginxRequests ?? r.s.requests),
      r.originHls === null ? `${n(r.s.requests)} (all)` : `${n(r.originHls)} + ${n(r.originMeta!)}`,
      r.distinctParts ? `${n(r.originHls! / r.distinctParts, 2)} (${n(r.originParts! / r.distinctParts, 2)} part + rest playlists; ${n(r.distinctParts)} parts)` : '–',
      n(origin / Math.max(1, r.s.parts), 4),
      `${ms(r.s.joinMs, 0.5)} / ${ms(r.s.joinMs, 0.99)} ms`, `${ms(r.s.latencyMs, 0.5)} / ${ms(r.s.latencyMs, 0.95)} / ${ms(r.s.latencyMs, 0.99)} ms`,
      `${ms(r.probe.latencyMs, 0.5)} / ${ms(r.probe.latencyMs, 0.95)} ms`,
      failed ? `${n(failed)} (${failures.map(([k, v]) => `${k}: ${v}`).join('; ')})` : '0', r.nginxErrors === null ? '–' : n(r.nginxErrors), n(r.s.retried503),
      `${n((r.phareCpu / r.seconds) * 100)} % / ${n(r.phareRss * 1.048576)} MB`, r.nginxCpu === null ? '–' : `${n((r.nginxCpu / r.seconds) * 100)} %`, `${n((r.genCpu / r.seconds) * 100)} % (${n(r.lagP99Ms)} / ${n(r.lagMaxMs)} ms)`,
    ]
  })
  console.log([
    `\nPhare live rooms — ${availableParallelism()} CPUs, ${workers} load-generator threads, ${seconds} s per row after the start, ${new Date().toISOString()}`,
    'CPU is % of one core over the row (start to end); speaker→listener: from a part\'s last sample (EXT-X-PROGRAM-DATE-TIME + part durations, the mixer\'s clock)',
    'to a listener having the whole part; "packager alone": the same for one listener straight at Phare. Targets: origin requests per part ≤ 2, 0 failures, < 4 s.',
    'A load-generator event loop late by seconds means the generator, not the servers, is the limit: its timeouts then show as listener failures that nginx never answered with an error.\n',
    `| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...lines.map((l) => `| ${l.join(' | ')} |`), '',
  ].join('\n'))
}

const tone = await opusTone(440, 3)
const dataDir = mkdtempSync(join(tmpdir(), 'phare-bench-rooms-'))
const nginxPort = await freePort()
let phare: Running | null = null
let nginx: Nginx | null = null
try {
  phare = await startPhare({ PHARE_DATA_DIR: dataDir, PHARE_PUBLIC_URL: `http://127.0.0.1:${nginxPort}` })
  nginx = await startNginx(new URL(phare.url).host, nginxPort, { workers: availableParallelism() })
  log(`Phare ${phare.url} (pid ${phare.pid}), nginx ${nginx.url} (pid ${nginx.pid}, config in ${nginx.dir})`)
  const host = await signUpPerson(phare.url)
  const rows: Row[] = []
  // Without nginx first: the later, larger rows leave the machine warmer, not Phare emptier.
  if (directSize > 0) rows.push(await row(phare, null, host, directSize))
  for (const size of sizes) rows.push(await row(phare, nginx, host, size))
  print(rows)
} finally {
  await nginx?.stop()
  await phare?.stop()
  rmSync(dataDir, { recursive: true, force: true })
}
// werift leaves timers behind after its connection closed: end here rather than wait for them.
process.exit(0)
