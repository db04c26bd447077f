#!/usr/bin/env node
// Builds the web app (packages/web → packages/web/dist) when it is missing or older than
// what it is built from, then precompresses it. `npm install`, `npm start` and `npm test`
// run it, so a fresh clone serves the app with nothing else to do. Run it through
// scripts/with-node.mjs: Vite needs Node.js 20.19 or 22.12+.
//   --force  build even when dist is fresh
//   --soft   a failed build only warns (npm install and npm start still go on; the
//            server then says at `/` that the app is not built)
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { delimiter, dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { precompress } from './precompress.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const web = join(root, 'packages', 'web')
const dist = join(web, 'dist')
const stamp = join(dist, '.phare-build.json')
const force = process.argv.includes('--force')
const soft = process.argv.includes('--soft')

function fail(message) {
  console.error(`web app: ${message}`)
  process.exit(soft ? 0 : 1)
}

// Sources of the build: the web package (not its output or dependencies), files elsewhere
// in the repository that its code imports (the shared post-length counter), and the lock file.
function newestInput() {
  let newest = 0
  const seen = new Set()
  const visit = (path) => {
    if (seen.has(path) || !existsSync(path)) return
    seen.add(path)
    const st = statSync(path)
    if (st.isDirectory()) {
      for (const name of readdirSync(path)) {
        if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue
        visit(join(path, name))
      }
      return
    }
    newest = Math.max(newest, st.mtimeMs)
    if (!/\.(m?[jt]sx?)$/.test(path)) return
    for (const m of readFileSync(path, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = resolve(dirname(path), m[1])
      if (relative(web, target).startsWith('..')) visit(target)
    }
  }
  visit(web)
  visit(join(root, 'package-lock.json'))
  return newest
}

if (!existsSync(join(web, 'package.json'))) process.exit(0)
const fresh = existsSync(stamp) && existsSync(join(dist, 'index.html')) && statSync(stamp).mtimeMs >= newestInput()
if (fresh && !force) process.exit(0)
if (!existsSync(join(root, 'node_modules', 'vite')) && !existsSync(join(web, 'node_modules', 'vite'))) {
  fail('not built: its build tools are not installed (run `npm install` without --omit=dev, then try again)')
}

console.log(`web app: building packages/web${existsSync(join(dist, 'index.html')) ? ' (sources changed)' : ''}…`)
const started = Date.now()
// The npm child and Vite run on this Node.js, which scripts/with-node.mjs made recent enough.
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` }
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const r = spawnSync(npm, ['run', 'build', '-w', '@phare/web'], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] })
if (r.error) fail(`could not run npm: ${r.error.message}`)
if (r.status !== 0 || !existsSync(join(dist, 'index.html'))) fail(`the build failed (exit ${r.status}); see the messages above`)
const compressed = precompress(dist)
writeFileSync(stamp, JSON.stringify({ built_at: new Date().toISOString(), node: process.version }) + '\n')
console.log(`web app: built in ${((Date.now() - started) / 1000).toFixed(1)} s, ${compressed} files precompressed (gzip, brotli)`)
