// The migration plan `phare migrate --dry-run` prints: what would run, in which order,
// and whether old nodes survive it. A contract migration run while an older version
// still serves breaks that version, so the plan says so before anything changes.
import type { CheckedMigration, Compatibility } from './index.ts'

export interface PlanStep { name: string; compatibility: Compatibility; reason: string }

export interface MigrationPlan {
  applied: string[]
  pending: PlanStep[]
  /** applied in the database but unknown to this version: a newer Phare migrated it */
  unknown: string[]
}

/** The plan for a database where `executed` migrations already ran. */
export function planMigrations(all: Readonly<Record<string, CheckedMigration>>, executed: readonly string[]): MigrationPlan {
  const done = new Set(executed)
  return {
    applied: Object.keys(all).filter((name) => done.has(name)),
    pending: Object.entries(all).filter(([name]) => !done.has(name))
      .map(([name, m]) => ({ name, compatibility: m.compatibility, reason: m.reason })),
    unknown: executed.filter((name) => !(name in all)),
  }
}

/**
 * What a starting server may migrate by itself: on a database several nodes may share
 * (PostgreSQL) that already has a schema, every pending migration up to the first contract
 * one; that one and those after it wait for `phare migrate`, run once every node is on this
 * version. A fresh database, or SQLite (one process), takes everything. `target` is the last
 * migration to run (null: none), `held` what waits.
 */
export function startPlan(plan: MigrationPlan, shared: boolean): { target: string | null; held: PlanStep[] } {
  const firstContract = plan.pending.findIndex((s) => s.compatibility === 'contract')
  if (!shared || plan.applied.length === 0 || firstContract < 0) return { target: plan.pending.at(-1)?.name ?? null, held: [] }
  return { target: plan.pending[firstContract - 1]?.name ?? null, held: plan.pending.slice(firstContract) }
}

/** The plan as the operator reads it; `where` names the database. */
export function describePlan(plan: MigrationPlan, where: string): string {
  const out = [`Migration plan for ${where} (dry run: nothing was changed)`]
  out.push(`  applied: ${plan.applied.length}${plan.applied.length ? ` (last: ${plan.applied.at(-1)})` : ''}`)
  if (plan.pending.length === 0) {
    out.push('  pending: none, the database is up to date')
  } else {
    const width = Math.max(...plan.pending.map((s) => s.name.length))
    out.push(`  pending: ${plan.pending.length}, in this order:`)
    for (const s of plan.pending) out.push(`    ${s.name.padEnd(width)}  ${s.compatibility.padEnd(8)}  ${s.reason}`)
  }
  const contracts = plan.pending.filter((s) => s.compatibility === 'contract')
  if (contracts.length) {
    out.push('', `Warning: ${contracts.map((s) => s.name).join(', ')} ${contracts.length > 1 ? 'are contract migrations' : 'is a contract migration'}: ` +
      'it removes or changes what the previous version uses. Upgrade every node to the new version first, then migrate; ' +
      'nodes still on the old version would fail.')
  } else if (plan.pending.length) {
    out.push('', 'Every pending migration is an expand migration: nodes on the previous version keep working while it runs.')
  }
  if (plan.unknown.length) {
    out.push('', `Warning: the database has migrations this version does not know (${plan.unknown.join(', ')}): ` +
      'a newer Phare migrated it. Run that version, or check that its migrations were expand-only before running this one.')
  }
  return out.join('\n')
}
