// The automatic rollback: every few seconds each node judges the flags it has traffic for
// (analysis.ts over its window.ts figures) and returns a failing flag to 0% by itself. The
// write is conditional on the version judged, so when several nodes find the same flag
// failing only the first writes it and records the event.
import type { AppContext } from '../../context.ts'
import { analyse, type Verdict } from './analysis.ts'
import { changeFlag, type Actor } from './changes.ts'
import type { Flag } from './evaluate.ts'

/** The actor of automatic rollbacks in flag_events. */
export const AUTOMATIC: Actor = { accountId: null, name: 'automatic rollback' }

/** How often the analysis runs: six times per window, between every second and every 10 s. */
export const analysisEveryMs = (windowS: number) => Math.min(10_000, Math.max(1000, Math.floor(windowS * 1000 / 6)))

/** The verdict on one flag from this node's window. */
export function judge(ctx: AppContext, flag: Flag, now = Date.now()): Verdict {
  const f = ctx.flags.windows.figures(flag.key, now)
  return analyse(f.on, f.off, ctx.config.rollout)
}

/** Returns `flag` to 0% because of `v`, logs it and records it; false when another node or person changed it first. */
export async function rollBack(ctx: AppContext, flag: Flag, v: Verdict): Promise<boolean> {
  const figures = { window_s: ctx.config.rollout.windowS, from_percentage: flag.percentage, z: Number(v.z.toFixed(3)), on: v.on, off: v.off }
  const reason = v.reasons.join('; ')
  const after = await changeFlag(ctx, AUTOMATIC, flag.key, { percentage: 0 }, { expectVersion: flag.version, kind: 'rolled_back', reason, figures })
  if (!after) return false
  ctx.flags.rollbacks.set(flag.key, (ctx.flags.rollbacks.get(flag.key) ?? 0) + 1)
  ctx.log.warn({ flag: flag.key, ...figures, reason }, `flag ${flag.key} rolled back to 0% automatically: ${reason}`)
  return true
}

/** One pass over every live flag; returns the keys rolled back. */
export async function checkFlags(ctx: AppContext, now = Date.now()): Promise<string[]> {
  const rolled: string[] = []
  for (const flag of ctx.flags.store.all()) {
    if (!flag.enabled || flag.percentage === 0) continue
    const v = judge(ctx, flag, now)
    if (v.verdict === 'failing' && await rollBack(ctx, flag, v)) rolled.push(flag.key)
  }
  return rolled
}

/** Starts the periodic analysis (when PHARE_ROLLBACK is on); returns its stop function. */
export function startRollbackLoop(ctx: AppContext): () => void {
  if (!ctx.config.rollout.rollback) return () => {}
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    checkFlags(ctx).catch((err) => ctx.log.error({ err: String(err) }, 'flag rollback analysis failed')).finally(() => { running = false })
  }, analysisEveryMs(ctx.config.rollout.windowS))
  timer.unref()
  return () => clearInterval(timer)
}
