#!/usr/bin/env node
// `npx phare <command>`: the operator's command line. Plain JavaScript, so any Node.js
// can start it; scripts/with-node.mjs then runs the TypeScript CLI on a Node.js that
// can (installing Node.js 24 privately on an older one, as `npm start` does).
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const r = spawnSync(process.execPath, [join(root, 'scripts', 'with-node.mjs'), join(root, 'packages', 'server', 'src', 'cli', 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' })
if (r.error) { console.error(r.error.message); process.exit(1) }
process.exit(r.status ?? 1)
