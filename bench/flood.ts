// The flood benchmark (`npm run bench:flood`): a real Phare process on loopback, an attacker
// process flooding anonymous and expensive endpoints from a botnet's worth of addresses as fast
// as the server answers, and meanwhile a population of signed-in people posting and reading.
// Run twice, with the abuse defence off and on (load shedding and the proof-of-work challenge;
// README "Abuse defence"). Rate limits run in shadow mode in both (bench/limits.json): a botnet
// spreads over too many addresses for them, and this measures what is left.
//   npm run bench:flood                          40 s per run, 40 people, 96 attacker connections
//   npm run bench:flood -- --seconds S --people P --connections C
// Progress goes to stderr, the table to stdout. Prints figures; asserts nothing.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startPhare, type Running } from './processes.ts'

const argv = process.argv.slice(2)
const option = (name: string, fallback: number) => { const i = argv.indexOf(name); return i >= 0 ? Number(argv[i + 1]) : fallback }
const SECONDS = option('--seconds', 40)
const PEOPLE = option('--people', 40)
const CONNECTIONS = option('--connections', 96)
const THINK_MS = 500 // mean pause between a person's actions
const log = (line: string) => console.error(`[bench:flood] ${line}`)
const n = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]! : NaN }
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

interface Flood { requests: number; ok: number; non2xx: number; errors: number; statuses: Record<string, number>; seconds: number }
interface Run { mode: string; people: { done: number; ok: number; p50: number; p99: number; failures: Record<string, number> }; flood: Flood; cpuS: number }

const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PHARE_'))) as Record<string, string>

async function call(url: string, ip: string, token: string | null, method = 'GET', body?: object): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = { 'x-forwarded-for': ip }
  if (token) headers.authorization = `Bearer ${token}`
  if (body) headers['content-type'] = 'application/json'
  const res = await fetch(url, { method, headers, body: body ? JSON.stringify(body) : undefined, signal: AbortSignal.timeout(10_000) })
  const text = await res.text()
  try { return { status: res.status, json: JSON.parse(text) } } catch { return { status: res.status, json: null } }
}

/** Signs up `count` people through the API, each from an address of their own; they post a little so the flood has something to read. */
async function people(server: Running, dataDir: string, count: number): Promise<{ ip: string; token: string }[]> {
  const app = await call(`${server.url}/api/v1/apps`, '192.0.2.1', null, 'POST', { client_name: 'flood bench', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write' })
  // The people's app stands for a first-party one (the web app): API plans are not what this measures.
  const cli = spawnSync(process.execPath, ['packages/server/src/cli/main.ts', 'apps', 'trust', app.json.client_id], {
    cwd: fileURLToPath(new URL('..', import.meta.url)), env: { ...cleanEnv(), PHARE_DATA_DIR: dataDir, PHARE_LIMITS_FILE: fileURLToPath(new URL('limits.json', import.meta.url)) }, encoding: 'utf8',
  })
  if (cli.status !== 0) throw new Error(`phare apps trust failed: ${cli.stderr ?? cli.error}`)
  const t = await call(`${server.url}/oauth/token`, '192.0.2.1', null, 'POST', { grant_type: 'client_credentials', client_id: app.json.client_id, client_secret: app.json.client_secret, scope: 'read write' })
  const out: { ip: string; token: string }[] = []
  for (let i = 0; i < count; i++) {
    const ip = `172.16.${i >> 8}.${(i & 255) || 1}`
    const r = await call(`${server.url}/api/v1/accounts`, ip, t.json.access_token, 'POST', { username: `person${i}`, email: `person${i}@example.test`, password: `correct horse ${i}`, agreement: true, locale: 'en' })
    if (r.status !== 200) throw new Error(`sign-up failed: ${r.status} ${JSON.stringify(r.json)}`)
    out.push({ ip, token: r.json.access_token })
  }
  await Promise.all(out.map(async (p, i) => {
    for (let k = 0; k < 5; k++) await call(`${server.url}/api/v1/statuses`, p.ip, p.token, 'POST', { status: `bench post ${k} by person${i} #bench`, visibility: 'public' })
  }))
  return out
}

function attack(url: string, seconds: number): Promise<Flood> {
  const script = fileURLToPath(new URL('flood-attacker.ts', import.meta.url))
  const child = spawn(process.execPath, [script, url, String(seconds), String(CONNECTIONS)], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (d: Buffer) => { out += d.toString() })
  return new Promise((resolve, reject) => child.on('exit', (code) => code === 0 ? resolve(JSON.parse(out) as Flood) : reject(new Error(`attacker exited with ${code}`))))
}

async function run(mode: 'off' | 'on'): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'phare-flood-'))
  const settings: Record<string, string> = { PHARE_DATA_DIR: dataDir, PHARE_PREVIEWS: 'off' }
  if (mode === 'off') Object.assign(settings, { PHARE_SHEDDING: 'off', PHARE_CHALLENGE: 'off' })
  const server = await startPhare(settings)
  try {
    log(`defence ${mode}: signing up ${PEOPLE} people`)
    const population = await people(server, dataDir, PEOPLE)
    log(`defence ${mode}: flooding for ${SECONDS} s with ${CONNECTIONS} connections while the people post and read`)
    const cpuBefore = server.cpuSeconds()
    const until = Date.now() + SECONDS * 1000
    const flood = attack(server.url, SECONDS)
    const latencies: number[] = []
    const failures: Record<string, number> = {}
    let done = 0
    let ok = 0
    // The defence's level over time, from /metrics (loopback may read it).
    const levels: number[] = []
    const watch = (async () => {
      while (Date.now() < until) {
        await sleep(1000)
        const text = await fetch(`${server.url}/metrics`, { signal: AbortSignal.timeout(5000) }).then((r) => r.text()).catch(() => '')
        levels.push(Number(/^phare_pressure_level (\d+)/m.exec(text)?.[1] ?? NaN))
      }
    })()
    await sleep(300) // the attacker's process starts
    await Promise.all(population.map(async (p, i) => {
      let k = 0
      while (Date.now() < until) {
        await sleep(Math.random() * 2 * THINK_MS)
        const post = Math.random() < 0.25
        const started = performance.now()
        try {
          const r = post
            ? await call(`${server.url}/api/v1/statuses`, p.ip, p.token, 'POST', { status: `during the flood ${k++} by person${i}` })
            : await call(`${server.url}/api/v1/timelines/home?limit=20`, p.ip, p.token)
          if (r.status >= 200 && r.status < 300) ok++
          else {
            if (!failures[String(r.status)]) log(`a person was refused: ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`)
            failures[String(r.status)] = (failures[String(r.status)] ?? 0) + 1
          }
        } catch (e) {
          failures[(e as Error).name] = (failures[(e as Error).name] ?? 0) + 1
        }
        done++
        latencies.push(performance.now() - started)
      }
    }))
    const result = await flood
    await watch
    log(`defence ${mode}: shedding level each second: ${levels.join(' ')}`)
    const cpuS = server.cpuSeconds() - cpuBefore
    return { mode, people: { done, ok, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), failures }, flood: result, cpuS }
  } finally {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const runs: Run[] = []
for (const mode of ['off', 'on'] as const) runs.push(await run(mode))

const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL')
const rows: string[][] = [['figure', ...runs.map((r) => `defence ${r.mode}`), 'target']]
const cell = (f: (r: Run) => string) => runs.map(f)
const success = (r: Run) => r.people.ok / Math.max(1, r.people.done)
const refused = (r: Run) => r.flood.requests - r.flood.ok
rows.push(['people: requests (25% posts, 75% home reads)', ...cell((r) => `${n(r.people.done)}${Object.keys(r.people.failures).length ? ` (failed: ${Object.entries(r.people.failures).map(([k, v]) => `${v}× ${k}`).join(', ')})` : ''}`), ''])
rows.push(['people: success rate', ...cell((r) => `${n(success(r) * 100, 2)}% ${verdict(success(r) >= 0.995)}`), '≥ 99.5%'])
rows.push(['people: latency p50 / p99', ...cell((r) => `${n(r.people.p50)} / ${n(r.people.p99)} ms ${verdict(r.people.p99 < 300)}`), 'p99 < 300 ms'])
rows.push(['flood: requests answered', ...cell((r) => `${n(r.flood.requests)} (${n(r.flood.requests / r.flood.seconds)}/s)${r.flood.errors ? `, ${n(r.flood.errors)} errors/timeouts` : ''}`), ''])
rows.push(['flood: share refused', ...cell((r) => `${n(refused(r) / Math.max(1, r.flood.requests) * 100, 1)}% (${Object.entries(r.flood.statuses).map(([k, v]) => `${k}: ${n(v)}`).join(', ')})`), 'high with the defence'])
rows.push(['server CPU during the flood', ...cell((r) => `${n(r.cpuS, 1)} s`), ''])
rows.push(['server CPU per refused request (all CPU / refused: an upper bound)', ...cell((r) => refused(r) ? `${n(r.cpuS * 1000 / refused(r), 3)} ms` : 'none refused'), 'low'])
console.log(`\nFlood on loopback: ${SECONDS} s per run, ${PEOPLE} signed-in people (one action every ~${THINK_MS} ms each), ${CONNECTIONS} attacker connections from rotating addresses\n`)
console.log(rows.map((r, i) => `| ${r.join(' | ')} |${i === 0 ? `\n|${r.map(() => '---').join('|')}|` : ''}`).join('\n'))
