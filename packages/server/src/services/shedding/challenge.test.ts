import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { addressScope, createChallenges, solve, solves, zeroBits } from './challenge.ts'
import { WORKER_JS } from '../../views/challenge.ts'

const challenges = createChallenges(randomBytes(32))

describe('proof-of-work challenge', () => {
  it('grants a pass for a solution, once, to the address it was issued to', () => {
    const c = challenges.issue('203.0.113.7', 8)
    const solution = solve(c.token, c.difficulty)
    expect(challenges.redeem('198.51.100.1', c.token, solution)).toEqual({ refused: 'was issued to another network address' })
    const r = challenges.redeem('203.0.113.7', c.token, solution)
    if (!('pass' in r)) throw new Error(r.refused)
    expect(challenges.validPass('203.0.113.7', r.pass)).toBe(true)
    expect(challenges.validPass('198.51.100.1', r.pass)).toBe(false)
    expect(challenges.redeem('203.0.113.7', c.token, solution)).toEqual({ refused: 'has already been solved once; fetch a new one' })
  })

  it('refuses a wrong solution, a forged difficulty, an expired puzzle and an expired pass', () => {
    const c = challenges.issue('203.0.113.7', 12)
    const solution = solve(c.token, 12)
    let wrong = 0
    while (solves(c.token, String(wrong), 12)) wrong++
    expect(challenges.redeem('203.0.113.7', c.token, String(wrong))).toEqual({ refused: 'is not solved by this solution' })
    const forged = c.token.replace('c1.12.', 'c1.1.')
    expect(challenges.redeem('203.0.113.7', forged, '0')).toEqual({ refused: 'is not a challenge of this server' })
    expect(challenges.redeem('203.0.113.7', c.token, solution, c.expiresAt + 1)).toEqual({ refused: 'has expired; fetch a new one' })
    const r = challenges.redeem('203.0.113.7', c.token, solution) as { pass: string; expiresAt: number }
    expect(challenges.validPass('203.0.113.7', r.pass, r.expiresAt + 1)).toBe(false)
    expect(challenges.validPass('203.0.113.7', r.pass.slice(0, -2) + 'xx')).toBe(false)
  })

  it('binds IPv6 passes to the /64', () => {
    expect(addressScope('2001:db8:1:2::5')).toBe(addressScope('2001:db8:1:2:ffff::9'))
    expect(addressScope('2001:db8:1:3::5')).not.toBe(addressScope('2001:db8:1:2::5'))
    expect(addressScope('::ffff:10.0.0.1')).toBe('10.0.0.1')
  })

  it("the browser worker's SHA-256 agrees with Node's on the first word", () => {
    const firstWord = new Function(`${WORKER_JS.replace(/onmessage = [\s\S]*$/, '')}; return firstWord`)() as (s: string) => number
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'abcXYZ019.:-_'.split('')), maxLength: 200 }), (s) => {
      expect(firstWord(s)).toBe(createHash('sha256').update(s).digest().readUInt32BE(0))
    }))
    expect(zeroBits(Buffer.from([0, 0x10]))).toBe(11)
  })
})
