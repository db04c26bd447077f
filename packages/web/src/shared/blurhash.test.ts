import { describe, expect, it } from 'vitest'
import { decodeBlurhash } from './blurhash.ts'

describe('decodeBlurhash', () => {
  it('decodes the reference hash of the BlurHash README into its mostly brown-grey colours', () => {
    const px = decodeBlurhash('LEHV6nWB2yk8pyo0adR*.7kCMdnj', 4, 3)!
    expect(px).toHaveLength(4 * 3 * 4)
    expect(px[3]).toBe(255)
    // The average (DC) colour of that hash is a muted purple-grey, not black or white.
    const avg = [0, 1, 2].map((c) => px.filter((_, n) => n % 4 === c).reduce((a, b) => a + b, 0) / 12)
    for (const v of avg) { expect(v).toBeGreaterThan(40); expect(v).toBeLessThan(220) }
  })

  it('a single-colour hash (1×1 components) decodes to that colour everywhere', () => {
    // size 0 → 1×1; max 0; DC = 0xff0000 written in base 83 over four digits.
    const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~'
    let v = 0xff0000, dc = ''
    for (let n = 0; n < 4; n++) { dc = digits[v % 83] + dc; v = Math.floor(v / 83) }
    const px = decodeBlurhash(`00${dc}`, 2, 2)!
    expect([...px]).toEqual([255, 0, 0, 255, 255, 0, 0, 255, 255, 0, 0, 255, 255, 0, 0, 255])
  })

  it('a malformed hash gives null instead of throwing', () => {
    expect(decodeBlurhash('', 4, 4)).toBeNull()
    expect(decodeBlurhash('LEHV6nWB2yk8', 4, 4)).toBeNull()
    expect(decodeBlurhash('LEHV6nWB2yk8pyo0adR*.7kCMdn"', 4, 4)).toBeNull()
  })
})
