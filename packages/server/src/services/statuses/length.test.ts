import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { graphemeLength, statusLength, URL_PLACEHOLDER_CHARS } from './length.ts'

const plainWord = fc.stringMatching(/^[a-z]{1,12}$/)
const urlPath = fc.stringMatching(/^[a-zA-Z0-9/_-]{0,300}$/)

describe('status length, as Mastodon counts it', () => {
  it('any URL counts 23 characters whatever its length', () => {
    fc.assert(fc.property(plainWord, urlPath, (host, path) => {
      const url = `https://${host}.example/${path}x`
      expect(statusLength(url)).toBe(URL_PLACEHOLDER_CHARS)
      expect(statusLength(`see ${url} now`)).toBe(URL_PLACEHOLDER_CHARS + 8)
    }))
  })

  it('adding one character adds one to the count', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), fc.constantFrom('a', 'é', '字', ' ', '!'), (text, ch) => {
      // "!" or a letter could join a URL or a mention at the end; separate it with a space first.
      expect(statusLength(`x${text} ${ch}`)).toBe(statusLength(`x${text} `) + 1)
    }))
  })

  it('a remote mention counts as its local part only', () => {
    expect(statusLength('@alice@example.social hi')).toBe('@alice hi'.length)
    fc.assert(fc.property(plainWord, plainWord, (user, domain) => {
      expect(statusLength(`@${user}@${domain}.example`)).toBe(user.length + 1)
    }))
  })

  it('an emoji ZWJ sequence, a flag and a combined accent each count as one character', () => {
    expect(graphemeLength('👩‍👩‍👧‍👦')).toBe(1)
    expect(graphemeLength('🇫🇷')).toBe(1)
    expect(graphemeLength('e\u0301')).toBe(1)
    expect(statusLength('👩‍👩‍👧‍👦🇫🇷e\u0301')).toBe(3)
  })

  it('the content warning is added to the total', () => {
    expect(statusLength('hello', 'cw')).toBe(7)
    fc.assert(fc.property(fc.string({ maxLength: 50 }), plainWord, (cw, text) => {
      expect(statusLength(text, cw)).toBe(graphemeLength(cw + text))
    }))
  })

  it('a URL inside a word is not a URL and counts in full', () => {
    expect(statusLength('xhttps://example.org/abc')).toBe('xhttps://example.org/abc'.length)
  })

  it('trailing sentence punctuation is not part of the URL', () => {
    expect(statusLength('https://example.org/a-long-path-here.')).toBe(URL_PLACEHOLDER_CHARS + 1)
  })
})
