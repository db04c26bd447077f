import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { loadConfig, ConfigError } from './config.ts'
import { createContext } from './context.ts'
import { buildApp } from './app.ts'
import { findFfmpeg } from './services/rooms/ffmpeg.ts'
import { resumeLiveRooms } from './services/rooms/lifecycle.ts'
import { durabilityProblems } from './storage/durability.ts'
import { pidFile } from './storage/backup.ts'

async function main() {
  let config
  try { config = loadConfig() } catch (e) {
    if (e instanceof ConfigError) { console.error(e.message); process.exit(78) }
    throw e
  }
  const ctx = await createContext(config)
  // Said at every start: an operator who turned fsync off for speed must know what it risks.
  for (const problem of await durabilityProblems(ctx.db, ctx.dialect)) ctx.log.warn(`durability: ${problem}`)
  const app = await buildApp(ctx)

  let stopping = false
  // A graceful stop, as a rolling restart needs it: not ready at once and streams closed with
  // "service restart" (clients reconnect); after PHARE_DRAIN_S (for a load balancer to notice)
  // no new connections, and in-flight requests and running jobs finished within the grace. A
  // request still running after it is cut: its client sees a failure, never a false
  // acknowledgement, and retries (Idempotency-Key).
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    const graceMs = config.shutdownGraceS * 1000
    ctx.log.info({ signal, graceS: config.shutdownGraceS, drainS: config.drainS }, 'shutting down: draining streams, finishing in-flight requests and jobs')
    ctx.shutdown.begin()
    const force = setTimeout(() => { ctx.log.error('shutdown did not finish in time: exiting anyway'); process.exit(1) }, config.drainS * 1000 + graceMs + 10_000)
    force.unref()
    if (config.drainS > 0) await new Promise((r) => setTimeout(r, config.drainS * 1000))
    const cut = setTimeout(() => {
      ctx.log.warn('grace period over: closing the connections of requests still running')
      app.server.closeAllConnections()
    }, graceMs)
    cut.unref()
    try {
      await Promise.all([app.close(), ctx.queue.stop(graceMs)])
      clearTimeout(cut)
      await ctx.close()
      rmSync(pidFile(config.dataDir), { force: true })
    } catch (err) {
      ctx.log.error({ err: String(err) }, 'error while shutting down')
      process.exit(1)
    }
    ctx.log.info('stopped')
    process.exit(0)
  }
  // Handled from here on: a restart that comes during the start still drains what began.
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
  const web = config.roles.includes('web')
  // A web-only node only enqueues; the jobs nodes run them (PHARE_ROLES).
  if (config.roles.includes('jobs')) ctx.queue.start()
  await app.listen({ port: config.port, host: config.host })
  // `phare restore` refuses to replace the database under a running server (storage/backup.ts).
  mkdirSync(config.dataDir, { recursive: true })
  writeFileSync(pidFile(config.dataDir), String(process.pid))
  if (web) {
    // Checked now so the operator reads it at start, not when the first room goes live.
    findFfmpeg(config.ffmpeg).then(
      (ff) => ctx.log.info(`Live rooms mix with ${ff.path} (ffmpeg ${ff.version})`),
      (err: Error) => ctx.log.warn(err.message))
    await resumeLiveRooms(ctx).catch((err) => ctx.log.error({ err: String(err) }, 'could not resume the rooms that were live'))
  }
  const where = `${ctx.dialect === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'}${config.redisUrl ? `, Redis (jobs: ${config.jobs})` : ''}`
  ctx.log.info(web ? `Phare is serving ${config.publicUrl} (${where}; roles ${config.roles.join(',')})` : `Phare runs background jobs only (${where}); health on port ${config.port}`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
