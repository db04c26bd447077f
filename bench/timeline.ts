// The core benchmark (`npm run bench`): seeds a realistic data set, starts Phare as
// its own process and measures home-timeline reads against a bare route, durable
// post creates, fan-out latency and the server's memory; prints one table.
//   npm run bench                    10,000 accounts, 1,000,000 posts, SQLite
//   npm run bench -- --quick         1,000 accounts, 50,000 posts (while developing)
//   npm run bench -- --postgres      the same against a throw-away PostgreSQL
// Other flags: --seconds N (per measurement), --keep (keep the data), --set PHARE_KEY=value (server setting),
// --only reads|writes (measure one half); BENCH_SERVER_FLAGS="--flag …" adds Node.js flags to the server; --profile DIR (the server writes a V8 CPU profile there when it stops: open it in Chrome DevTools).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openPostgres, openSqlite, type BulkDb } from './bulk.ts'
import { seed } from './seed.ts'
import { startBare, startPhare, type Memory, type Running } from './processes.ts'
import { load, type LoadResult } from './load.ts'
import { measureFanout, type FanoutResult } from './fanout.ts'
import { printReport } from './report.ts'
import { permutation, postText, prng } from './random.ts'

const argv = process.argv.slice(2)
const flag = (name: string) => argv.includes(name)
const option = (name: string) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined }
const quick = flag('--quick')
const postgres = flag('--postgres')
const only = option('--only')

if (postgres && !process.env.PHARE_TEST_DATABASE_URL) {
  // Re-run under a throw-away PostgreSQL server, which sets PHARE_TEST_DATABASE_URL.
  const script = fileURLToPath(new URL('../scripts/with-postgres.sh', import.meta.url))
  const r = spawnSync('bash', [script, process.execPath, ...process.execArgv, fileURLToPath(import.meta.url), ...argv], { stdio: 'inherit' })
  process.exit(r.status ?? 1)
}

const size = quick ? { accounts: 1_000, posts: 50_000 } : { accounts: 10_000, posts: 1_000_000 }
const seconds = Number(option('--seconds') ?? (quick ? 3 : 10))
const warmup = quick ? 2 : 5
const connections = 32
const readers = Math.min(1_000, size.accounts - 1)
const fanoutPosts = quick ? 5 : 20
const settings: Record<string, string> = {}
argv.forEach((a, i) => { if (a === '--set') { const [k, ...v] = argv[i + 1].split('='); settings[k] = v.join('=') } })
const log = (line: string) => console.error(`[bench] ${line}`)

const dataDir = mkdtempSync(join(tmpdir(), 'phare-bench-'))
let db: BulkDb | null = null
let phare: Running | null = null
let bare: Running | null = null
try {
  log(`seeding ${size.accounts} accounts and ${size.posts} posts into ${postgres ? 'PostgreSQL' : `SQLite in ${dataDir}`}`)
  const pgDb = postgres ? await openPostgres(process.env.PHARE_TEST_DATABASE_URL!, 'phare_bench') : null
  db = pgDb ?? await openSqlite(dataDir)
  const seeded = await seed(db, { accounts: size.accounts, posts: size.posts, feedDepth: 200, log })
  // A load leaves the planner without statistics until autovacuum runs; a running server would have them.
  if (pgDb) await db.query('ANALYZE')
  else await db.query('PRAGMA wal_checkpoint(TRUNCATE)')
  log(`seeded in ${seeded.seconds.toFixed(1)} s`)

  const pick = permutation(size.accounts - 1, prng(7))
  const readTokens = Array.from({ length: readers }, (_, i) => seeded.accounts[1 + pick[i]].token)
  const writeTokens = Array.from({ length: readers }, (_, i) => seeded.accounts[1 + pick[(readers + i) % pick.length]].token)
  const fanoutThreshold = Number(settings.PHARE_FANOUT_MAX_FOLLOWERS ?? 20_000)

  const profileDir = option('--profile')
  phare = await startPhare({ ...(pgDb ? { PHARE_DATABASE_URL: pgDb.url } : { PHARE_DATA_DIR: dataDir }), ...settings },
    [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...(process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? [])])
  const idle = phare.memory()
  log(`Phare is up (pid ${phare.pid}), RSS ${idle.rss.toFixed(0)} MiB`)

  // Reads: capture one real answer for the bare baseline, then measure both.
  const probe = await fetch(`${phare.url}/api/v1/timelines/home?limit=20`, { headers: { authorization: `Bearer ${readTokens[0]}` } })
  const probeBody = await probe.text()
  let home: LoadResult | string
  let bareResult: LoadResult | string
  let bareMemory: Memory | null = null
  if (only === 'writes') {
    home = bareResult = 'not measured: --only writes'
  } else if (probe.status !== 200) {
    home = bareResult = `not measured: GET /api/v1/timelines/home answered ${probe.status} ${probeBody.slice(0, 80)}`
  } else {
    const entries = (JSON.parse(probeBody) as unknown[]).length
    log(`home timeline answers ${entries} posts, ${probeBody.length} bytes`)
    const skip = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'])
    const headers = Object.fromEntries([...probe.headers].filter(([k]) => !skip.has(k)))
    const capture = join(dataDir, 'home-capture.json')
    writeFileSync(capture, JSON.stringify({ headers, body: probeBody }))
    bare = await startBare(capture)
    const bareRun = { url: bare.url, path: '/api/v1/timelines/home?limit=20', tokens: readTokens, connections, cpu: bare.cpuSeconds }
    await load({ ...bareRun, seconds: warmup })
    bareResult = await load({ ...bareRun, seconds })
    bareMemory = bare.memory()
    await bare.stop(); bare = null
    log(`bare route: ${bareResult.ok.toFixed(0)} req/s`)
    const homeRun = { url: phare.url, path: '/api/v1/timelines/home?limit=20', tokens: readTokens, connections, cpu: phare.cpuSeconds }
    await load({ ...homeRun, seconds: warmup })
    home = await load({ ...homeRun, seconds })
    log(`home timeline: ${home.ok.toFixed(0)} req/s`)
  }
  const afterReads = phare.memory()

  const postProbe = await fetch(`${phare.url}/api/v1/statuses`, {
    method: 'POST', headers: { authorization: `Bearer ${writeTokens[0]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'Hello from the benchmark' }),
  })
  const postProbeBody = await postProbe.text()
  let fanout: FanoutResult | string
  let creates: LoadResult | string
  if (only === 'reads') {
    fanout = creates = 'not measured: --only reads'
  } else if (postProbe.status !== 200) {
    fanout = creates = `not measured: POST /api/v1/statuses answered ${postProbe.status} ${postProbeBody.slice(0, 80)}`
  } else {
    // Fan-out first, on a quiet server; the post-create burst leaves a backlog of fan-out jobs behind it.
    log(`fan-out: @${seeded.star.username} (${seeded.star.followers} followers) posts ${fanoutPosts} times`)
    fanout = await measureFanout(db, phare.url, seeded.star.token, seeded.star.id, seeded.star.followers, fanoutPosts)
    if (fanout.error) log(fanout.error)
    const bodyRand = prng(99)
    const bodies = Array.from({ length: 4096 }, () => JSON.stringify({ status: postText(bodyRand) }))
    creates = await load({
      url: phare.url, path: '/api/v1/statuses', method: 'POST', tokens: writeTokens,
      body: (i) => bodies[i % bodies.length], connections, seconds, cpu: phare.cpuSeconds,
    })
    log(`post creates: ${creates.ok.toFixed(0)}/s acknowledged, ${creates.non2xx} non-2xx, ${creates.errors} errors`)
  }
  const [backlog] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM jobs WHERE run_at <= ?', [Date.now()])
  // Jobs give way to requests (fan-out runs behind a burst of posts): how long until they caught up.
  let drainSeconds: number | null = null
  if (Number(backlog.n) > 0) {
    const started = performance.now()
    for (let i = 0; i < 600; i++) {
      const [left] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM jobs WHERE run_at <= ?', [Date.now()])
      if (Number(left.n) === 0) { drainSeconds = (performance.now() - started) / 1000; break }
      await new Promise((r) => setTimeout(r, 200))
    }
    log(drainSeconds === null ? 'jobs did not catch up within 120 s' : `jobs caught up ${drainSeconds.toFixed(1)} s after the burst`)
  }
  const end = phare.memory()

  printReport({
    dialect: postgres ? 'PostgreSQL' : 'SQLite', quick, seconds, connections, readers, seeded,
    home, bare: bareResult, creates, fanout, fanoutThreshold,
    memory: { idle, afterReads, end, bare: bareMemory }, jobsBacklog: Number(backlog.n), drainSeconds,
  })
} finally {
  await bare?.stop()
  if (phare) { const tail = phare.stderr(); await phare.stop(); if (tail.trim()) log(`server stderr (tail):\n${tail.slice(-1500)}`) }
  await db?.close()
  if (!flag('--keep')) rmSync(dataDir, { recursive: true, force: true })
  else log(`data kept in ${dataDir}`)
}
