// A PostgreSQL server for tests: the one scripts/with-postgres.sh started
// (PHARE_TEST_DATABASE_URL), or a throw-away one of our own (Debian's binaries, a
// temporary directory, a free loopback port), stopped by close(). Tests that need
// PostgreSQL whatever the run (several nodes sharing one database) use this.
import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './process.ts'

export interface TestPostgres {
  /** a superuser URL: make a database per test with freshPostgres() */
  adminUrl: string
  /** with `replica`: the same server's streaming replica (read-only, same databases, another port) */
  replicaUrl?: string
  close(): Promise<void>
}

function pgBin(): string {
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(a) - Number(b)) : []
  const bin = process.env.PGBIN ?? (versions.length ? join(root, versions.at(-1)!, 'bin') : '')
  if (!bin || !existsSync(join(bin, 'initdb'))) throw new Error('PostgreSQL is not installed (apt-get install postgresql)')
  return bin
}

/** A reachable PostgreSQL server; `own`: always a new one (a test that stops it). */
export async function testPostgres(o: { own?: boolean; replica?: boolean } = {}): Promise<TestPostgres> {
  if (process.env.PHARE_TEST_DATABASE_URL && !o.own && !o.replica) return { adminUrl: process.env.PHARE_TEST_DATABASE_URL, close: async () => {} }
  const bin = pgBin()
  const dir = mkdtempSync(join(tmpdir(), 'phare-pg-'))
  const root = process.getuid?.() === 0
  // PostgreSQL refuses to run as root: its files and process belong to the postgres user.
  if (root) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()))
  const asPg = (cmd: string, args: string[]) => {
    const r = root ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`)
  }
  const port = await freePort()
  asPg(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8'])
  asPg(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w', '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c max_connections=300 -c shared_buffers=128MB`, 'start'])
  let replicaUrl: string | undefined
  if (o.replica) {
    // A streaming replica as an operator makes one: a base backup that follows the primary (-R).
    const rport = await freePort()
    asPg(join(bin, 'pg_basebackup'), ['-D', join(dir, 'replica'), '-R', '-X', 'stream', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'])
    asPg(join(bin, 'pg_ctl'), ['-D', join(dir, 'replica'), '-l', join(dir, 'replica.log'), '-w', '-o',
      `-c listen_addresses=127.0.0.1 -p ${rport} -k ${dir} -c max_connections=300 -c shared_buffers=64MB`, 'start'])
    replicaUrl = `postgres://postgres@127.0.0.1:${rport}/postgres`
  }
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    replicaUrl,
    async close() {
      if (o.replica) try { asPg(join(bin, 'pg_ctl'), ['-D', join(dir, 'replica'), '-m', 'fast', '-w', 'stop']) } catch { /* already stopped */ }
      try { asPg(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']) } catch { /* already stopped */ }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
