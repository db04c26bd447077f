// `npm test`: build the web app if it is missing or stale (the browser tests need it),
// type-check everything, then run the whole Vitest suite once.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const step = (args) => {
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
step([join(root, 'scripts/build-web.mjs')])
step([join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'])
step([join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...process.argv.slice(2)])
