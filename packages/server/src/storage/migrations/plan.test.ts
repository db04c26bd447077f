import { describe, expect, it } from 'vitest'
import { migrations, type CheckedMigration } from './index.ts'
import { describePlan, planMigrations, startPlan } from './plan.ts'

const up = async () => {}
const fake: Record<string, CheckedMigration> = {
  '0001-a': { up, compatibility: 'expand', reason: 'a new table' },
  '0002-b': { up, compatibility: 'expand', reason: 'a nullable column' },
  '0003-c': { up, compatibility: 'contract', reason: 'drops a column the previous version reads' },
}

describe('migration plan', () => {
  it('lists the pending migrations in order with their compatibility', () => {
    const plan = planMigrations(fake, ['0001-a'])
    expect(plan.applied).toEqual(['0001-a'])
    expect(plan.pending.map((s) => [s.name, s.compatibility])).toEqual([['0002-b', 'expand'], ['0003-c', 'contract']])
    expect(plan.unknown).toEqual([])
  })

  it('warns that a contract migration needs every node on the new version first', () => {
    const text = describePlan(planMigrations(fake, ['0001-a']), 'SQLite')
    expect(text).toContain('0003-c  contract  drops a column the previous version reads')
    expect(text).toContain('Warning: 0003-c is a contract migration')
    expect(text).toContain('Upgrade every node to the new version first')
  })

  it('says when only expand migrations are pending, and when nothing is', () => {
    const expandOnly = describePlan(planMigrations(fake, ['0003-c']), 'x')
    expect(expandOnly).toContain('Every pending migration is an expand migration')
    expect(expandOnly).not.toContain('Warning')
    expect(describePlan(planMigrations(fake, Object.keys(fake)), 'x')).toContain('pending: none, the database is up to date')
  })

  it('warns about migrations a newer version applied', () => {
    const text = describePlan(planMigrations(fake, ['0001-a', '0002-b', '0003-c', '0004-newer']), 'x')
    expect(text).toContain('does not know (0004-newer)')
  })

  it('every real migration declares its compatibility with a one-line reason', () => {
    for (const [name, m] of Object.entries(migrations)) {
      expect(['expand', 'contract'], name).toContain(m.compatibility)
      expect(m.reason.length, name).toBeGreaterThan(5)
      expect(m.reason, name).not.toContain('\n')
    }
  })
})

describe('what a starting server migrates by itself', () => {
  const more: Record<string, CheckedMigration> = { ...fake, '0004-d': { up, compatibility: 'expand', reason: 'a new index' } }

  it('on a shared database with a schema, runs up to the first contract migration and leaves it and the rest to phare migrate', () => {
    const r = startPlan(planMigrations(more, ['0001-a']), true)
    expect(r.target).toBe('0002-b')
    expect(r.held.map((s) => s.name)).toEqual(['0003-c', '0004-d'])
    const atContract = startPlan(planMigrations(more, ['0001-a', '0002-b']), true)
    expect([atContract.target, atContract.held.map((s) => s.name)]).toEqual([null, ['0003-c', '0004-d']])
  })

  it('runs everything on a fresh database, on SQLite (one process), and when only expand migrations are pending', () => {
    expect(startPlan(planMigrations(more, []), true)).toEqual({ target: '0004-d', held: [] })
    expect(startPlan(planMigrations(more, ['0001-a']), false)).toEqual({ target: '0004-d', held: [] })
    expect(startPlan(planMigrations(more, ['0001-a', '0002-b', '0003-c']), true)).toEqual({ target: '0004-d', held: [] })
    expect(startPlan(planMigrations(more, Object.keys(more)), true)).toEqual({ target: null, held: [] })
  })
})
