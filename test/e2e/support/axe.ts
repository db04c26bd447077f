// Accessibility checks with axe-core, injected into the page under test.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

// Code passed to page.evaluate runs in the browser: these are the page's globals, declared
// for this module only (the project has no DOM types, so server code cannot use them by mistake).
declare const document: unknown, window: any

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeViolation { id: string; impact: string | null; help: string; nodes: string[] }

/** Runs axe-core on the page and returns the violations of serious or critical impact. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated by the DevTools protocol, which the app's Content-Security-Policy (script-src 'self') does not apply to.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe
    const r = await axe.run(document, { resultTypes: ['violations'] })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }))
  })
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}
