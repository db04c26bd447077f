import { describe, expect, it } from 'vitest'
import { LimitsError, resolveLimits } from './load.ts'
import { DEFAULT_POLICIES } from './policy.ts'
import { limitsProblems, limitsWarnings } from './validate.ts'

function problemsOf(doc: unknown): string[] {
  try { resolveLimits(doc); return [] } catch (e) {
    if (e instanceof LimitsError) return e.problems
    throw e
  }
}

describe('limit policies', () => {
  it('the defaults keep every invariant and a heavy day trips no shadow policy', () => {
    expect(limitsProblems(DEFAULT_POLICIES)).toEqual([])
    expect(resolveLimits({ policies: {} })).toHaveLength(DEFAULT_POLICIES.length)
  })

  it('overrides a default field by field, and "enabled": false removes a policy', () => {
    const p = resolveLimits({ policies: { 'writes-account-hour': { limit: 900, window: '90m' }, 'search-ip': { enabled: false } } })
    expect(p.find((x) => x.name === 'writes-account-hour')).toMatchObject({ limit: 900, windowS: 5400, groups: ['write'], key: 'account' })
    expect(p.some((x) => x.name === 'search-ip')).toBe(false)
  })

  it('a new policy needs its groups, key, limit and window', () => {
    expect(problemsOf({ policies: { 'dm-burst': { limit: 50 } } })[0]).toMatch(/policy "dm-burst" is new, so it needs "groups", "key", "limit" and "window"/)
    const p = resolveLimits({ policies: { 'dm-burst': { groups: ['write'], key: 'account', limit: 5000, window: 600, shadow: true } } })
    expect(p.find((x) => x.name === 'dm-burst')).toMatchObject({ windowS: 600, shadow: true, who: 'everyone', kind: 'rate' })
  })

  it('a limit of zero is refused, and the message says how to turn a policy off', () => {
    expect(problemsOf({ policies: { 'media-account': { limit: 0 } } })).toEqual([
      'policy "media-account" limit: must be at least 1 (a limit of 0 refuses everything); to turn the policy off write "enabled": false',
    ])
  })

  it('a limit that would stop a new account posting, following or messaging in its first hour is refused, naming the fix', () => {
    const [problem] = problemsOf({ policies: { 'writes-account-hour': { limit: 20 } } })
    expect(problem).toMatch(/^policy "writes-account-hour" allows 20 requests per 1h per account, but a new account's first hour needs \d+ within 1h/)
    expect(problem).toMatch(/following people/)
    expect(problem).toMatch(/raise its limit to at least \d+, or set "shadow": true/)
  })

  it('the same limit is accepted in shadow mode, with a warning', () => {
    const p = resolveLimits({ policies: { 'writes-account-hour': { limit: 20, shadow: true } } })
    expect(limitsWarnings(p)).toEqual([expect.stringMatching(/shadow policy "writes-account-hour" .* would refuse a heavy day/)])
  })

  it('a daily cap below an hourly one is refused', () => {
    const problems = problemsOf({ policies: { 'writes-account-day': { limit: 500 } } })
    expect(problems).toContain('policy "writes-account-day" allows 500 per 1d, fewer than policy "writes-account-hour" allows per 1h (600): '
      + 'a longer window must allow at least as much as a shorter one; raise "writes-account-day" to at least 600 or lower "writes-account-hour"')
  })

  it('a streaming cap below a person\'s devices is refused', () => {
    expect(problemsOf({ policies: { 'streams-account': { limit: 2 } } })[0]).toMatch(/policy "streams-account" allows 2 connections at once per account, but a person streams on 4 devices at once/)
  })

  it('misspelt fields, groups and windows are named', () => {
    expect(problemsOf({ policies: { 'media-account': { limt: 10 } } })[0]).toMatch(/^policy "media-account"/)
    expect(problemsOf({ policies: { 'x-y': { groups: ['writes'], key: 'account', limit: 1, window: '1h' } } })[0]).toMatch(/^policy "x-y" groups/)
    expect(problemsOf({ policies: { 'media-account': { window: '5 minutes' } } })).toEqual(['policy "media-account" window: must be a number of seconds or a duration like "30s", "5m", "1h", "1d"'])
    expect(problemsOf({ policies: { 'no-such': { enabled: false } } })[0]).toMatch(/^policy "no-such" is not a policy to turn off; known: requests-ip/)
    expect(problemsOf({ limits: {} })[0]).toMatch(/^the file: /)
  })
})
