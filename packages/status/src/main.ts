// `npm run status`: the status page and its probes, a process apart from Phare.
import { loadStatusConfig } from './config.ts'
import { openDb } from './db.ts'
import { buildStatusApp } from './server.ts'
import { startRunner } from './runner.ts'

let cfg
try { cfg = loadStatusConfig() } catch (e) {
  console.error(`The status page cannot start: ${(e as Error).message}`)
  process.exit(2)
}
const db = openDb(cfg.dataDir)
const app = buildStatusApp(db, cfg)
await app.listen({ port: cfg.port, host: cfg.host })
const log = (msg: string) => console.error(`[status] ${msg}`)
const runner = startRunner(db, cfg, log)
console.log(`[status] page on http://${cfg.host}:${app.server.address() && typeof app.server.address() === 'object' ? (app.server.address() as { port: number }).port : cfg.port}, probing ${cfg.target} every ${cfg.intervalS} s`)

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  await runner.stop()
  await app.close()
  db.close()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
