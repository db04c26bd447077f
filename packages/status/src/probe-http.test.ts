import { describe, expect, it } from 'vitest'
import { classify, ProbeError } from './probe-http.ts'
import { cutOff } from './runner.ts'
import { loadStatusConfig } from './config.ts'
import type { StepOutcome } from './journey-run.ts'

const fetchError = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: { code } })
const outcome = (kind: StepOutcome['kind']): StepOutcome => ({ spec: { name: 's', component: 'API', budgetMs: 1 }, result: 'fail', ms: 1, error: 'x', kind })

describe('telling the app being down from this machine being cut off', () => {
  it('a refused connection or a timeout is the target being down; no route is this machine being offline', () => {
    expect(classify(fetchError('ECONNREFUSED')).kind).toBe('down')
    expect(classify(Object.assign(new Error('t'), { name: 'TimeoutError' })).kind).toBe('down')
    expect(classify(fetchError('ENETUNREACH')).kind).toBe('offline')
    expect(classify(fetchError('EHOSTUNREACH')).kind).toBe('offline')
    expect(classify(new ProbeError('app', 'HTTP 422')).kind).toBe('app')
  })

  it('without control endpoints only "no route" counts as cut off; with them, only their failing too', async () => {
    const none = loadStatusConfig({})
    expect(await cutOff(none, [outcome('down')])).toBe(false)
    expect(await cutOff(none, [outcome('offline')])).toBe(true)
    expect(await cutOff(none, [outcome('app')])).toBe(false)
    const closed = loadStatusConfig({ PHARE_STATUS_CONTROL: '127.0.0.1:1' })
    expect(await cutOff(closed, [outcome('down')])).toBe(true)
  })
})
