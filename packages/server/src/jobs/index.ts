import type { AppContext } from '../context.ts'

// Each job module registers its handlers here. Handlers must be idempotent:
// a job can run again after a crash between its effect and its deletion.
const modules: ((ctx: AppContext) => void)[] = []

/** Registers every job handler with the context's queue. */
export function registerJobs(ctx: AppContext): void {
  for (const register of modules) register(ctx)
}
