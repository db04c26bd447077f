import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { plainText, truncate } from './link-preview.ts'
import { escapeHtml } from './html.ts'

describe('plainText', () => {
  it('reads rendered post HTML as a person would', () => {
    expect(plainText('<p>Hello <a href="https://x.example/@bob" class="u-url mention">@<span>bob</span></a> &amp; co</p><p>Second&nbsp;line<br />third &#39;q&#39; &#x1F600;</p>'))
      .toBe("Hello @bob & co Second line third 'q' 😀")
  })

  it('gives back any escaped text unchanged (up to spaces)', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      expect(plainText(`<p>${escapeHtml(s)}</p>`)).toBe(s.replace(/\s+/g, ' ').trim())
    }))
  })
})

describe('truncate', () => {
  it('keeps short text, and cuts long text at a word with an ellipsis', () => {
    expect(truncate('short', 10)).toBe('short')
    expect(truncate('the quick brown fox jumps', 18)).toBe('the quick brown…')
    expect(truncate('abcdefghijklmnopqrstuvwxyz', 10)).toBe('abcdefghi…')
  })

  it('never splits a surrogate pair and never exceeds the limit', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 2, max: 40 }), (s, max) => {
      const t = truncate(s, max)
      if ([...s].length <= max) expect(t).toBe(s)
      else expect([...t].length).toBeLessThanOrEqual(max)
      expect(t).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/)
    }))
  })
})
