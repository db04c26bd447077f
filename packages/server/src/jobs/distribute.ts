import type { AppContext } from '../context.ts'

/** Registers the distribute job handlers (see jobs/index.ts for the job types). */
export default function register(_ctx: AppContext): void {
}
