// Phare and the status page as separate processes, for the status page's tests: Phare
// must be killable (SIGKILL) and restartable on the same data directory and port.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { freePort } from './process.ts'

export { freePort }

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface Proc {
  url: string
  child: ChildProcess
  output(): string
  /** SIGKILL to the whole process group: nothing is given a chance to shut down cleanly. */
  kill(): Promise<void>
  /** SIGTERM, then SIGKILL after `ms`. */
  stop(ms?: number): Promise<void>
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

/** Spawns `node scripts/with-node.mjs ENTRY` with `env` (and no other PHARE_* variables); resolves once `ready` answers 200. */
export async function spawnEntry(entry: string, url: string, env: Record<string, string>, ready: string, ms = 30_000): Promise<Proc> {
  const base: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PHARE_')))
  const child = spawn(process.execPath, ['scripts/with-node.mjs', entry], { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let out = ''
  child.stdout!.on('data', (d: Buffer) => { out += d.toString() })
  child.stderr!.on('data', (d: Buffer) => { out += d.toString() })
  const kill = async () => { try { process.kill(-child.pid!, 'SIGKILL') } catch { /* gone */ } await exited(child) }
  const until = Date.now() + ms
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${entry} exited before it was ready:\n${out}`)
    try { if ((await fetch(`${url}${ready}`, { signal: AbortSignal.timeout(1000) })).status === 200) break } catch { /* not yet */ }
    if (Date.now() > until) { await kill(); throw new Error(`${entry} was not ready within ${ms} ms:\n${out}`) }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url, child, output: () => out, kill,
    async stop(wait = 10_000) {
      child.kill('SIGTERM')
      const t = setTimeout(() => void kill(), wait)
      await exited(child)
      clearTimeout(t)
      await kill()
    },
  }
}

/** Phare from packages/server/src/main.ts on `port` and `dataDir` (the same ones again after a kill). */
export function startPhare(port: number, dataDir: string, env: Record<string, string> = {}): Promise<Proc> {
  const url = `http://127.0.0.1:${port}`
  return spawnEntry('packages/server/src/main.ts', url, {
    PHARE_PORT: String(port), PHARE_HOST: '127.0.0.1', PHARE_PUBLIC_URL: url, PHARE_DATA_DIR: dataDir, PHARE_LOG_LEVEL: 'warn', ...env,
  }, '/readyz')
}

/** The status process (`npm run status`) on `port`. */
export function startStatus(port: number, env: Record<string, string>): Promise<Proc> {
  const url = `http://127.0.0.1:${port}`
  return spawnEntry('packages/status/src/main.ts', url, { PHARE_STATUS_PORT: String(port), PHARE_STATUS_HOST: '127.0.0.1', ...env }, '/healthz')
}
