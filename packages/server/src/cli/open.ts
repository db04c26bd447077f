import pino from 'pino'
import { loadConfig } from '../config.ts'
import { createContext, type AppContext } from '../context.ts'

/** Runs `fn` with a migrated context on the configured database, and closes it. */
export async function withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const config = loadConfig()
  // Log lines would mix with the command's output: only problems, on stderr.
  const ctx = await createContext(config, pino({ level: 'warn' }, pino.destination(2)))
  try { return await fn(ctx) } finally { await ctx.close() }
}
