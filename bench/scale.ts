// `npm run bench:scale`: the home-timeline benchmark of bench/timeline.ts on 1, 2 and 3
// Phare nodes sharing one PostgreSQL and one Redis (as with many machines), with the load
// spread evenly over the nodes; prints each run's throughput, latency, the nodes' CPU per
// read, the load generator's own CPU, and a paper projection to 300,000 timeline reads/s.
//   npm run bench:scale                      1,000 accounts, 50,000 posts, 5 s per run
//   npm run bench:scale -- --full            10,000 accounts, 1,000,000 posts
//   npm run bench:scale -- --nodes 1,2,3,4 --seconds 10
// Each reader always reads through the same node (as with a load balancer hashing on the
// Authorization header): each node keeps its readers' pages in memory.
// On one machine the nodes share its cores with PostgreSQL, Redis and the load generator:
// past the number of cores, more nodes cannot add throughput here; the CPU each read costs
// a node (ms/read) is what carries over to machines of their own, so the projection uses it.
import { spawnSync } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { openPostgres } from './bulk.ts'
import { seed } from './seed.ts'
import { startPhare, type Running } from './processes.ts'
import { load, type LoadResult } from './load.ts'
import { permutation, prng } from './random.ts'
import { testRedis } from '../test/support/redis.ts'

const argv = process.argv.slice(2)
const option = (name: string) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined }
const full = argv.includes('--full')

if (!process.env.PHARE_TEST_DATABASE_URL) {
  // Re-run under a throw-away PostgreSQL server, which sets PHARE_TEST_DATABASE_URL.
  const script = fileURLToPath(new URL('../scripts/with-postgres.sh', import.meta.url))
  const r = spawnSync('bash', [script, process.execPath, ...process.execArgv, fileURLToPath(import.meta.url), ...argv], { stdio: 'inherit' })
  process.exit(r.status ?? 1)
}

const size = full ? { accounts: 10_000, posts: 1_000_000 } : { accounts: 1_000, posts: 50_000 }
const seconds = Number(option('--seconds') ?? 5)
const counts = (option('--nodes') ?? '1,2,3').split(',').map(Number)
const connectionsPerNode = 16
const TARGET = 300_000
const log = (line: string) => console.error(`[bench:scale] ${line}`)

interface Row { nodes: number; result: LoadResult[]; ok: number; p50: number; p99: number; nodeCpuMs: number; generatorCpu: number }

const db = await openPostgres(process.env.PHARE_TEST_DATABASE_URL!, 'phare_scale')
const redis = await testRedis()
const rows: Row[] = []
let nodes: Running[] = []
try {
  log(`seeding ${size.accounts} accounts and ${size.posts} posts into PostgreSQL`)
  const seeded = await seed(db, { accounts: size.accounts, posts: size.posts, feedDepth: 200, log })
  await db.query('ANALYZE')
  const pick = permutation(size.accounts - 1, prng(7))
  const tokens = Array.from({ length: Math.min(1_000, size.accounts - 1) }, (_, i) => seeded.accounts[1 + pick[i]!]!.token)

  for (const n of counts) {
    const env = { PHARE_DATABASE_URL: db.url, PHARE_REDIS_URL: redis.url, PHARE_REDIS_PREFIX: `scale${n}` }
    nodes = []
    // one after the other: the first migrates (nothing to do) and the others find it done
    for (let i = 0; i < n; i++) nodes.push(await startPhare(env))
    const run = (s: number) => Promise.all(nodes.map((node, i) => load({
      url: node.url, path: '/api/v1/timelines/home?limit=20', tokens: tokens.filter((_, k) => k % n === i),
      connections: connectionsPerNode, seconds: s, cpu: node.cpuSeconds,
    })))
    // Every reader's first page once on their node, then a timed warm-up: measured reads are
    // the steady state (a cold read renders from the database; on a busy machine a timed
    // warm-up alone would leave many readers cold and measure that instead).
    await Promise.all(nodes.map(async (node, i) => {
      const mine = tokens.filter((_, k) => k % n === i)
      for (let k = 0; k < mine.length; k += 16) {
        await Promise.all(mine.slice(k, k + 16).map((t) => fetch(`${node.url}/api/v1/timelines/home?limit=20`, { headers: { authorization: `Bearer ${t}` } }).then((r) => r.arrayBuffer())))
      }
    }))
    await run(2)
    const cpu0 = process.cpuUsage()
    const result = await run(seconds)
    const used = process.cpuUsage(cpu0)
    const ok = result.reduce((s, r) => s + r.ok, 0)
    const nodeCpuMs = result.reduce((s, r) => s + (r.cpuMs ?? 0) * r.ok, 0) / ok
    rows.push({
      nodes: n, result, ok,
      p50: Math.max(...result.map((r) => r.p50)), p99: Math.max(...result.map((r) => r.p99)),
      nodeCpuMs, generatorCpu: (used.user + used.system) / 1e6 / seconds,
    })
    log(`${n} node(s): ${ok.toFixed(0)} reads/s`)
    await Promise.all(nodes.map((node) => node.stop()))
    nodes = []
  }
  print(rows)
} finally {
  await Promise.all(nodes.map((node) => node.stop()))
  await db.close()
  await redis.close()
}

function print(rows: Row[]) {
  const cores = availableParallelism()
  const one = rows[0]!
  console.log(`\n## bench:scale — home timeline (limit=20) on ${rows.map((r) => r.nodes).join(', ')} node(s), PostgreSQL + Redis, ${size.accounts.toLocaleString('en')} accounts, ${size.posts.toLocaleString('en')} posts`)
  console.log(`machine: ${cores} cores shared by the nodes, PostgreSQL, Redis and the load generator; ${seconds} s per run, ${connectionsPerNode} connections per node\n`)
  console.log('| nodes | reads/s | per node | vs 1 node | p50 ms | p99 ms | node CPU ms/read | load generator CPU (cores) | errors |')
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  for (const r of rows) {
    const errors = r.result.reduce((s, x) => s + x.errors + x.non2xx, 0)
    console.log(`| ${r.nodes} | ${r.ok.toFixed(0)} | ${(r.ok / r.nodes).toFixed(0)} | ${(r.ok / one.ok).toFixed(2)}× | ${r.p50} | ${r.p99} | ${r.nodeCpuMs.toFixed(3)} | ${r.generatorCpu.toFixed(2)} | ${errors} |`)
  }
  // The projection: a node on a core of its own serves 1000 / (CPU ms per read) reads/s.
  const ms = Math.min(...rows.map((r) => r.nodeCpuMs))
  const perCore = 1000 / ms
  const cores300k = Math.ceil(TARGET / perCore)
  const nodes8 = Math.ceil(cores300k / 8)
  console.log(`\nProjection to ${TARGET.toLocaleString('en')} home-timeline reads/s (Twitter's published peak), from the CPU a read costs a node (${ms.toFixed(3)} ms):`)
  console.log(`- one node process uses one core for requests: ${perCore.toFixed(0)} reads/s per process; ${cores300k} processes (cores), e.g. ${nodes8} machines of 8 cores, + ~30 % headroom: ${Math.ceil(nodes8 * 1.3)} machines.`)
  console.log('- hot reads are answered from each node\'s memory (rendered pages, feed heads): PostgreSQL is asked on misses only.')
  console.log('  Misses at 5 % of reads are 15,000 queries/s: one PostgreSQL primary for writes and 2-3 read replicas (PHARE_DATABASE_REPLICA_URL: one per group of nodes).')
  console.log('- Redis carries cache drops, live events and jobs (little) and one rate-limit call per request: 300,000 script calls/s,')
  console.log('  2-3 Redis cores; Phare takes one Redis URL today, so the rate limits would need their own sharded Redis (not built).')
  console.log('- Not measured here: the load balancer (nginx: ~10-20k proxied requests/s per core, so ~20 cores of nginx or a cloud LB), cross-machine latency.')
}
