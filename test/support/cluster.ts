// Several Phare nodes as separate processes (started as `npm start` starts one) on one
// PostgreSQL and one Redis, and Debian's nginx in front of them configured by the shipped
// deploy/nginx/phare-lb.conf (only its CHANGE lines rewritten).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from './process.ts'
import { findNginx, parseLog, type LogLine } from './nginx.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const LB_CONF = join(ROOT, 'deploy/nginx/phare-lb.conf')

export interface Node {
  name: string
  url: string
  port: number
  output(): string
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<number | string | null>
  /** SIGKILL to the node and its wrapper: a machine that vanished. */
  kill(): void
  /** SIGTERM, as a service manager stops it; resolves with the exit code. */
  stop(ms?: number): Promise<number | string | null>
}

/** Starts one node with `env` (PHARE_* settings; the port is chosen here) and waits until `/livez` answers. */
export async function startNode(name: string, env: Record<string, string>, readyMs = 60_000): Promise<Node> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const base: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PHARE_')))
  Object.assign(base, { PHARE_PORT: String(port), PHARE_HOST: '127.0.0.1', PHARE_LOG_LEVEL: 'warn', ...env })
  const child: ChildProcess = spawn(process.execPath, ['scripts/with-node.mjs', 'packages/server/src/main.ts'], { cwd: ROOT, env: base, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let out = ''
  const keep = (d: Buffer) => { out = (out + d.toString()).slice(-20_000) }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)))
  const killAll = () => { try { process.kill(-child.pid!, 'SIGKILL') } catch { /* gone */ } }
  const until = Date.now() + readyMs
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`node ${name} exited before it was up:\n${out}`)
    try { if ((await fetch(`${url}/livez`, { signal: AbortSignal.timeout(1000) })).status === 200) break } catch { /* not yet */ }
    if (Date.now() > until) { killAll(); throw new Error(`node ${name} did not come up in ${readyMs} ms:\n${out}`) }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    name, url, port, exited,
    output: () => out,
    kill: killAll,
    async stop(ms = 20_000) {
      child.kill('SIGTERM')
      const late = setTimeout(killAll, ms)
      try { return await exited } finally { clearTimeout(late); killAll() }
    },
  }
}

export interface LoadBalancer {
  url: string
  /** Every request nginx has logged so far. */
  log(): LogLine[]
  /** The access log as written (its third field is the node that answered). */
  raw(): string
  stop(): Promise<void>
}

function swap(conf: string, from: RegExp, to: string): string {
  if (!from.test(conf)) throw new Error(`deploy/nginx/phare-lb.conf no longer matches ${from}: update test/support/cluster.ts`)
  return conf.replace(from, to)
}

/** The shipped phare-lb.conf with `upstreams` (host:port) as its nodes, listening on 127.0.0.1:`port`. */
export function lbConf(upstreams: string[], port: number, dir: string): string {
  let conf = readFileSync(LB_CONF, 'utf8')
  conf = swap(conf, /(    server 10\.0\.0\.1\d:3000 max_fails=1 fail_timeout=5s;\n)+/g, upstreams.map((u) => `    server ${u} max_fails=1 fail_timeout=5s;\n`).join(''))
  conf = swap(conf, /listen 80;/, `listen 127.0.0.1:${port};`)
  conf = swap(conf, /\/var\/cache\/nginx\/phare-lb /, `${join(dir, 'cache')} `)
  conf = swap(conf, /\/var\/log\/nginx\/phare\.access\.log/, join(dir, 'access.log'))
  return conf
}

/** nginx on `port` in front of `upstreams`; resolves once it answers. */
export async function startLoadBalancer(upstreams: string[], port: number): Promise<LoadBalancer> {
  const bin = findNginx()
  if (!bin) throw new Error('nginx is not installed: apt-get install nginx (Debian), or put it on PATH')
  const dir = mkdtempSync(join(tmpdir(), 'phare-lb-'))
  mkdirSync(join(dir, 'cache'))
  writeFileSync(join(dir, 'phare-lb.conf'), lbConf(upstreams, port, dir))
  writeFileSync(join(dir, 'nginx.conf'), [
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} warn;`,
    'events { worker_connections 4096; }',
    'http {',
    `  client_body_temp_path ${join(dir, 'body')}; proxy_temp_path ${join(dir, 'proxy')};`,
    `  fastcgi_temp_path ${join(dir, 'fastcgi')}; uwsgi_temp_path ${join(dir, 'uwsgi')}; scgi_temp_path ${join(dir, 'scgi')};`,
    `  include ${join(dir, 'phare-lb.conf')};`,
    '}',
    '',
  ].join('\n'))
  const args = ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')]
  const test = spawnSync(bin, [...args, '-t'], { encoding: 'utf8' })
  if (test.status !== 0) throw new Error(`nginx -t refused deploy/nginx/phare-lb.conf:\n${test.stderr}`)
  const child = spawn(bin, [...args, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] })
  const url = `http://127.0.0.1:${port}`
  const until = Date.now() + 10_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : ''}`)
    try { await fetch(`${url}/livez`); break } catch { /* not yet */ }
    if (Date.now() > until) throw new Error('nginx did not answer')
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    url,
    log: () => parseLog(existsSync(join(dir, 'access.log')) ? readFileSync(join(dir, 'access.log'), 'utf8') : ''),
    raw: () => (existsSync(join(dir, 'access.log')) ? readFileSync(join(dir, 'access.log'), 'utf8') : ''),
    stop: () => new Promise<void>((resolve) => {
      const done = () => { rmSync(dir, { recursive: true, force: true }); resolve() }
      if (child.exitCode !== null) return done()
      const force = setTimeout(() => child.kill('SIGKILL'), 5_000)
      child.once('exit', () => { clearTimeout(force); done() })
      child.kill('SIGQUIT')
    }),
  }
}
