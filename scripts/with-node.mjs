#!/usr/bin/env node
// Runs a Phare entry point on a Node.js that can execute TypeScript directly.
// Written in plain JavaScript that any Node.js can parse, so that `npm start` and
// `npm test` work on a machine whose system Node.js is older than Phare needs:
// there it installs Node.js 24 from the npm registry into a private prefix
// (~/.cache/phare-node, about 7 s, once) and re-runs itself with it.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { SERVER_ENV, SERVER_NODE_FLAGS } from './server-flags.mjs'

const [major, minor] = process.versions.node.split('.').map(Number)
const stripsByDefault = major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18)
const canStrip = stripsByDefault || (major === 22 && minor >= 12)

function run(nodeBin, extraFlags) {
  const isServer = /server[\\/]src[\\/]main\.ts$/.test(process.argv[2] ?? '')
  const args = [...extraFlags, ...(isServer ? SERVER_NODE_FLAGS : []), ...process.argv.slice(2)]
  const child = spawn(nodeBin, args, { stdio: 'inherit', env: { ...process.env, ...(isServer ? SERVER_ENV : {}), PHARE_NODE: nodeBin } })
  // A service manager stops `npm start` by signalling this process, not Phare: pass the
  // signal on, or Phare is orphaned and keeps running instead of shutting down gracefully.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => child.kill(signal))
  child.on('error', (err) => { console.error(err.message); process.exit(1) })
  child.on('exit', (code) => process.exit(code ?? 1))
}

if (canStrip) {
  run(process.execPath, stripsByDefault ? [] : ['--experimental-strip-types', '--no-warnings=ExperimentalWarning'])
} else {
  const prefix = process.env.PHARE_NODE_PREFIX || join(homedir(), '.cache', 'phare-node')
  const nodeBin = join(prefix, 'node_modules', '.bin', 'node')
  if (!existsSync(nodeBin)) {
    console.error(`Phare needs Node.js 22.12 or newer; this is ${process.version}. Installing Node.js 24 into ${prefix} (once)…`)
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
    const r = spawnSync(npm, ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', 'node@24'], { stdio: 'inherit' })
    if (r.status !== 0 || !existsSync(nodeBin)) {
      console.error('Could not install Node.js 24. Install Node.js 22.12 or newer and run the command again.')
      process.exit(1)
    }
  }
  run(nodeBin, [])
}
