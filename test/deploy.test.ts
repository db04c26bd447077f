// The deployment files of deploy/ (README "Operating at scale"): what can be checked
// without containers or systemd. The load balancer's nginx file is run for real by
// test/multinode/multinode.test.ts.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../packages/server/src/config.ts'

const file = (p: string) => fileURLToPath(new URL(`../deploy/${p}`, import.meta.url))

interface Compose { services: Record<string, { environment?: Record<string, string>; image?: string; depends_on?: unknown }> }

/** compose.yaml through PyYAML (Debian's python3-yaml): merge keys resolved, as Compose does. */
function parseCompose(): Compose {
  const r = spawnSync('python3', ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', file('compose.yaml')], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`compose.yaml is not valid YAML (or python3-yaml is missing): ${r.stderr}`)
  return JSON.parse(r.stdout) as Compose
}

describe('deploy/', () => {
  it('compose.yaml parses, and each Phare service has a configuration Phare accepts, with the roles intended', () => {
    const c = parseCompose()
    for (const name of ['postgres', 'redis', 'minio', 'web1', 'web2', 'web3', 'jobs', 'nginx']) expect(c.services[name], name).toBeDefined()
    const roles: Record<string, string[]> = {}
    for (const name of ['web1', 'web2', 'web3', 'jobs']) {
      const env = c.services[name]!.environment!
      const config = loadConfig(Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])))
      roles[name] = config.roles
      expect(config.jobs, name).toBe('redis')
      expect(config.databaseUrl, name).toMatch(/^postgres:/)
      expect(config.mediaS3Bucket, name).toBe('media')
    }
    expect(roles).toEqual({ web1: ['web'], web2: ['web'], web3: ['web'], jobs: ['jobs'] })
  })

  it("compose's nginx file is phare-lb.conf with the three web services as upstream", () => {
    const lb = readFileSync(file('nginx/phare-lb.conf'), 'utf8')
    const compose = readFileSync(file('nginx/phare-lb.compose.conf'), 'utf8')
    const expected = lb
      .replaceAll('    server 10.0.0.11:3000 ', '    server web1:3000 ').replaceAll('    server 10.0.0.12:3000 ', '    server web2:3000 ').replaceAll('    server 10.0.0.13:3000 ', '    server web3:3000 ')
      .replace('/var/log/nginx/phare.access.log', '/var/log/nginx/access.log')
    expect(compose.split('\n').slice(1).join('\n')).toBe(expected)
  })

  it('the systemd units set settings Phare accepts: a web node and a jobs node', () => {
    const unitEnv = (unit: string) => Object.fromEntries(readFileSync(file(`systemd/${unit}`), 'utf8').split('\n')
      .filter((l) => l.startsWith('Environment=')).map((l) => l.slice('Environment='.length).split('=') as [string, string]))
    const web = loadConfig(unitEnv('phare.service'))
    const jobs = loadConfig(unitEnv('phare-jobs.service'))
    expect(web.roles).toEqual(['web'])
    expect(web.drainS).toBeGreaterThan(0)
    expect(jobs.roles).toEqual(['jobs'])
    for (const unit of ['phare.service', 'phare-jobs.service']) {
      const text = readFileSync(file(`systemd/${unit}`), 'utf8')
      expect(text).toMatch(/^ExecStart=\/usr\/bin\/npm start$/m)
      expect(text).toMatch(/^EnvironmentFile=\/etc\/phare\/phare\.env$/m)
      // the stop timeout covers the drain and the 15 s Phare gives in-flight work
      const stop = Number(/^TimeoutStopSec=(\d+)$/m.exec(text)![1])
      expect(stop).toBeGreaterThanOrEqual((unit === 'phare.service' ? web.drainS : 0) + 15)
    }
  })
})
