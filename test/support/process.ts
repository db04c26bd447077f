// Phare as a separate process, started exactly as `npm start` starts it: no shared
// memory with the test, so only what goes over the wire can make a test pass.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freshPostgres } from './server.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface PhareProcess {
  url: string
  /** stdout and stderr so far, for failure messages. */
  output(): string
  /** Sends SIGTERM and resolves with the exit code; rejects when the process outlives `ms`. */
  stop(ms?: number): Promise<number | null>
  /** Removes the data directory and drops the database (after stop). */
  cleanUp(): Promise<void>
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((resolve, reject) => srv.once('error', reject).listen(0, '127.0.0.1', resolve))
  const addr = srv.address()
  await new Promise<void>((resolve) => srv.close(() => resolve()))
  if (typeof addr !== 'object' || !addr) throw new Error('no port')
  return addr.port
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

async function waitReady(url: string, child: ChildProcess, output: () => string, ms: number): Promise<void> {
  const until = Date.now() + ms
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`Phare exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`)
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) })
      if (res.status === 200) return
    } catch { /* not listening yet */ }
    if (Date.now() > until) throw new Error(`Phare was not ready within ${ms} ms:\n${output()}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Starts `node scripts/with-node.mjs packages/server/src/main.ts` on a free loopback port and a fresh database. */
export async function startPhareProcess(readyMs = 30_000): Promise<PhareProcess> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const dataDir = mkdtempSync(join(tmpdir(), 'phare-proc-'))
  const pgdb = process.env.PHARE_TEST_DATABASE_URL ? await freshPostgres(process.env.PHARE_TEST_DATABASE_URL) : null
  // Phare refuses PHARE_* names it does not know (PHARE_TEST_DATABASE_URL among them): pass only its own.
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PHARE_')))
  Object.assign(env, {
    PHARE_PORT: String(port), PHARE_HOST: '127.0.0.1', PHARE_PUBLIC_URL: url,
    PHARE_DATA_DIR: dataDir, PHARE_LOG_LEVEL: 'warn',
    ...(pgdb ? { PHARE_DATABASE_URL: pgdb.url } : {}),
  })
  // Its own process group, so that a last-resort SIGKILL also reaches the server under the wrapper.
  const child = spawn(process.execPath, ['scripts/with-node.mjs', 'packages/server/src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  const killAll = () => { try { process.kill(-child.pid!, 'SIGKILL') } catch { /* already gone */ } }
  let out = ''
  child.stdout!.on('data', (d: Buffer) => { out += d.toString() })
  child.stderr!.on('data', (d: Buffer) => { out += d.toString() })
  const output = () => out
  const cleanUp = async () => {
    await pgdb?.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    await waitReady(url, child, output, readyMs)
  } catch (e) {
    killAll()
    await exited(child)
    await cleanUp()
    throw e
  }
  return {
    url, output, cleanUp,
    async stop(ms = 15_000) {
      const done = exited(child)
      // Only the process `npm start` runs is signalled, as a service manager would: it must pass it on.
      child.kill('SIGTERM')
      let timer: NodeJS.Timeout | undefined
      const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`Phare did not exit within ${ms} ms of SIGTERM:\n${out}`)), ms) })
      try {
        return await Promise.race([done, late])
      } catch (e) {
        killAll()
        await done
        throw e
      } finally {
        clearTimeout(timer)
        // Whatever the wrapper did with the signal, nothing of this Phare may outlive the test.
        killAll()
      }
    },
  }
}
