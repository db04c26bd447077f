import { loadConfig, ConfigError } from './config.ts'
import { createContext } from './context.ts'
import { buildApp } from './app.ts'
import { findFfmpeg } from './services/rooms/ffmpeg.ts'
import { resumeLiveRooms } from './services/rooms/lifecycle.ts'
import { startDraining } from './services/readiness.ts'

async function main() {
  let config
  try { config = loadConfig() } catch (e) {
    if (e instanceof ConfigError) { console.error(e.message); process.exit(78) }
    throw e
  }
  const ctx = await createContext(config)
  const app = await buildApp(ctx)
  const web = config.roles.includes('web')
  // A web-only node only enqueues; the jobs nodes run them (PHARE_ROLES).
  if (config.roles.includes('jobs')) ctx.queue.start()
  await app.listen({ port: config.port, host: config.host })
  if (web) {
    // Checked now so the operator reads it at start, not when the first room goes live.
    findFfmpeg(config.ffmpeg).then(
      (ff) => ctx.log.info(`Live rooms mix with ${ff.path} (ffmpeg ${ff.version})`),
      (err: Error) => ctx.log.warn(err.message))
    await resumeLiveRooms(ctx).catch((err) => ctx.log.error({ err: String(err) }, 'could not resume the rooms that were live'))
  }
  const where = `${ctx.dialect === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'}${config.redisUrl ? `, Redis (jobs: ${config.jobs})` : ''}`
  ctx.log.info(web ? `Phare is serving ${config.publicUrl} (${where}; roles ${config.roles.join(',')})` : `Phare runs background jobs only (${where}); health on port ${config.port}`)

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    ctx.log.info({ signal }, 'shutting down: finishing in-flight requests and jobs')
    const force = setTimeout(() => process.exit(1), config.drainS * 1000 + 15_000)
    force.unref()
    // Readiness turns false first, so that load balancers stop sending requests before the listener closes.
    startDraining(ctx)
    if (config.drainS > 0) await new Promise((r) => setTimeout(r, config.drainS * 1000))
    await app.close()
    await ctx.close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
