// Debian's nginx on loopback in front of a Phare, configured by the shipped
// deploy/nginx/rooms.conf (only its CHANGE lines rewritten), for tests and bench/rooms.ts.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createServer } from 'node:net'

export const ROOMS_CONF = fileURLToPath(new URL('../../deploy/nginx/rooms.conf', import.meta.url))
const CANDIDATES = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx']

/** The nginx binary, or null when none is installed. */
export function findNginx(): string | null {
  for (const c of CANDIDATES) if (existsSync(c)) return c
  const r = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' })
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null
}

/** One line of the `phare_cache` access log. */
export interface LogLine { at: number; cache: string; upstream: boolean; status: number; seconds: number; method: string; uri: string }

export interface Nginx {
  url: string
  dir: string
  pid: number
  /** Every request nginx has logged so far (the access log, parsed). */
  log(): LogLine[]
  /** CPU seconds used by the master and its workers so far. */
  cpuSeconds(): number
  stop(): Promise<void>
}

/** Rewrites one line of the shipped configuration; throws when the file no longer has it, so the two stay in step. */
function swap(conf: string, from: RegExp, to: string): string {
  if (!from.test(conf)) throw new Error(`deploy/nginx/rooms.conf no longer matches ${from}: update test/support/nginx.ts`)
  return conf.replace(from, to)
}

/** The shipped rooms.conf pointed at `upstream` (host:port), listening on 127.0.0.1:`port`, with its cache and log in `dir`. */
export function roomsConf(upstream: string, port: number, dir: string): string {
  let conf = readFileSync(ROOMS_CONF, 'utf8')
  conf = swap(conf, /server 127\.0\.0\.1:3000;/, `server ${upstream};`)
  conf = swap(conf, /listen 80;/, `listen 127.0.0.1:${port} backlog=8192;`)
  conf = swap(conf, /\/var\/cache\/nginx\/phare /, `${join(dir, 'cache')} `)
  conf = swap(conf, /\/var\/log\/nginx\/phare\.access\.log/, join(dir, 'access.log'))
  return conf
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

function cpuOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(f[11]) + Number(f[12])) / 100
  } catch { return 0 }
}

function childrenOf(pid: number): number[] {
  try { return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) } catch { return [] }
}

/** Parses the `phare_cache` log format of rooms.conf. */
export function parseLog(text: string): LogLine[] {
  const out: LogLine[] = []
  for (const line of text.split('\n')) {
    const m = /^(\S+) (\S+) (\S+) (\d+) (\S+) "(\S+) (\S+)" /.exec(line)
    if (!m) continue
    out.push({ at: Number(m[1]) * 1000, cache: m[2]!, upstream: m[3] !== '-', status: Number(m[4]), seconds: Number(m[5]), method: m[6]!, uri: m[7]! })
  }
  return out
}

/**
 * Starts nginx as the current user (no daemon, its own prefix, pid file, error log and cache
 * under a temp directory) in front of `upstream`; resolves once it answers.
 */
export async function startNginx(upstream: string, port?: number, o: { workers?: number; logSubrequests?: boolean } = {}): Promise<Nginx> {
  const bin = findNginx()
  if (!bin) throw new Error('nginx is not installed: apt-get install nginx (Debian), or put it on PATH')
  port ??= await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'phare-nginx-'))
  mkdirSync(join(dir, 'cache'))
  writeFileSync(join(dir, 'rooms.conf'), roomsConf(upstream, port, dir))
  // The small main configuration Debian's nginx.conf would be: everything writable under `dir`.
  writeFileSync(join(dir, 'nginx.conf'), [
    // Workers run as whoever runs this (as root nginx would switch them to `nobody`, who cannot
    // write the cache under our private temp directory).
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    `worker_processes ${o.workers ?? 1};`,
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} warn;`,
    'worker_rlimit_nofile 20000;',
    'events { worker_connections 16384; multi_accept on; }',
    'http {',
    `  client_body_temp_path ${join(dir, 'body')}; proxy_temp_path ${join(dir, 'proxy')};`,
    `  fastcgi_temp_path ${join(dir, 'fastcgi')}; uwsgi_temp_path ${join(dir, 'uwsgi')}; scgi_temp_path ${join(dir, 'scgi')};`,
    '  keepalive_requests 100000;',
    // Background refreshes (proxy_cache_background_update) are subrequests: logged, they count as origin requests.
    `  log_subrequest ${o.logSubrequests === false ? 'off' : 'on'};`,
    `  include ${join(dir, 'rooms.conf')};`,
    '}',
    '',
  ].join('\n'))
  const args = ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')]
  const test = spawnSync(bin, [...args, '-t'], { encoding: 'utf8' })
  if (test.status !== 0) throw new Error(`nginx -t refused the configuration:\n${test.stderr}`)
  const child = spawn(bin, [...args, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000) })
  const url = `http://127.0.0.1:${port}`
  const until = Date.now() + 10_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${stderr}${existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : ''}`)
    try { await fetch(`${url}/api/v1/instance`); break } catch { /* not listening yet */ }
    if (Date.now() > until) throw new Error(`nginx did not answer on ${url}: ${stderr}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  const pid = child.pid!
  return {
    url, dir, pid,
    log: () => parseLog(existsSync(join(dir, 'access.log')) ? readFileSync(join(dir, 'access.log'), 'utf8') : ''),
    cpuSeconds: () => [pid, ...childrenOf(pid)].reduce((s, p) => s + cpuOf(p), 0),
    stop: () => new Promise<void>((resolve) => {
      const done = () => { rmSync(dir, { recursive: true, force: true }); resolve() }
      if (child.exitCode !== null) return done()
      const force = setTimeout(() => child.kill('SIGKILL'), 5_000)
      child.once('exit', () => { clearTimeout(force); done() })
      child.kill('SIGQUIT') // graceful: finish what is in flight
    }),
  }
}
