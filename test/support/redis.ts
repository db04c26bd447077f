// A Redis for tests: the one scripts/with-redis.sh started (PHARE_TEST_REDIS_URL), or a
// throw-away redis-server of our own on a free loopback port, stopped by close().
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { Redis } from 'ioredis'

export interface TestRedis { url: string; close(): Promise<void> }

async function freePort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((resolve, reject) => srv.once('error', reject).listen(0, '127.0.0.1', resolve))
  const addr = srv.address()
  await new Promise<void>((resolve) => srv.close(() => resolve()))
  if (typeof addr !== 'object' || !addr) throw new Error('no free port')
  return addr.port
}

/** A reachable Redis; keys of different tests stay apart by their own prefixes. `own`: always a new one (a test that stops it). */
export async function testRedis(o: { own?: boolean } = {}): Promise<TestRedis> {
  if (process.env.PHARE_TEST_REDIS_URL && !o.own) return { url: process.env.PHARE_TEST_REDIS_URL, close: async () => {} }
  const port = await freePort()
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
  const url = `redis://127.0.0.1:${port}`
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  probe.on('error', () => {}) // refused until redis-server listens: retried below
  for (let i = 0; ; i++) {
    try { await probe.connect(); await probe.ping(); break } catch (e) {
      if (i > 50 || child.exitCode !== null) throw new Error(`redis-server did not start (is it installed? apt-get install redis-server): ${(e as Error).message}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  probe.disconnect()
  return {
    url,
    close: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM') }),
  }
}
