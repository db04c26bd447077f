// The processes under test: Phare's server and the bare Fastify baseline, each in
// its own process so its memory can be read and it does not share the load
// generator's thread.
import { SERVER_ENV, SERVER_NODE_FLAGS } from '../scripts/server-flags.mjs'
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

export interface Running {
  url: string
  pid: number
  /** the last lines the process wrote to stderr, for error messages */
  stderr(): string
  /** Resident memory now and at its peak (VmRSS, VmHWM), and now's anonymous part (heaps, caches), in MiB. */
  memory(): Memory
  /** CPU time the process has used so far (user + system), in seconds. */
  cpuSeconds(): number
  stop(): Promise<void>
}

export interface Memory { rss: number; peak: number; anon: number }

function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024, anon: kb('RssAnon') / 1024 }
}

// utime and stime, fields 14 and 15 of /proc/PID/stat, in clock ticks (100 per second on Linux).
function cpuOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

async function waitReady(url: string, child: ChildProcess, err: () => string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}:\n${err()}`)
    try {
      await fetch(url)
      return // any HTTP answer (a 404 too) means it listens
    } catch {
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  throw new Error(`process did not answer on ${url} within ${timeoutMs / 1000} s:\n${err()}`)
}

function launch(args: string[], env: Record<string, string>, port: number): Promise<Running> {
  // Only our own settings reach the server: Phare refuses unknown PHARE_* keys
  // (PHARE_TEST_DATABASE_URL from with-postgres.sh among them).
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PHARE_'))) as Record<string, string>
  const child = spawn(process.execPath, args, { cwd: root, env: { ...clean, ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
  let tail = ''
  child.stderr!.on('data', (d: Buffer) => { tail = (tail + d.toString()).slice(-4000) })
  const url = `http://127.0.0.1:${port}`
  const running: Running = {
    url,
    pid: child.pid!,
    stderr: () => tail,
    memory: () => memoryOf(child.pid!),
    cpuSeconds: () => cpuOf(child.pid!),
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000)
      child.once('exit', () => { clearTimeout(force); resolve() })
      child.kill('SIGTERM')
    }),
  }
  return waitReady(url, child, running.stderr).then(() => running)
}

/** Starts Phare (packages/server/src/main.ts) on a free loopback port with the given settings. */
export async function startPhare(settings: Record<string, string>, nodeFlags: string[] = []): Promise<Running> {
  const port = await freePort()
  return launch([...SERVER_NODE_FLAGS, ...nodeFlags, 'packages/server/src/main.ts'], {
    PHARE_PORT: String(port), PHARE_HOST: '127.0.0.1', PHARE_PUBLIC_URL: `http://127.0.0.1:${port}`,
    // A benchmark is thousands of simulated people on one loopback address: every rate limit runs
    // in shadow mode (bench/limits.json), so its counting is measured but the load is not refused.
    PHARE_LIMITS_FILE: fileURLToPath(new URL('limits.json', import.meta.url)),
    PHARE_LOG_LEVEL: 'warn', ...SERVER_ENV, ...settings,
  }, port)
}

/** Starts bench/bare-server.ts serving one captured response from memory. */
export async function startBare(bodyFile: string): Promise<Running> {
  const port = await freePort()
  return launch(['bench/bare-server.ts', String(port), bodyFile], {}, port)
}
