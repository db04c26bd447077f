import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { renderText, shortenedLink, type LinkTargets } from './text.ts'
import { extractEntities } from './entities.ts'

const links: LinkTargets = {
  mentionUrl: (acct) => (acct === 'alice' || acct === 'alice@phare.test' ? { url: 'https://phare.test/@alice', username: 'alice' } : null),
  tagUrl: (tag) => `https://phare.test/tags/${encodeURIComponent(tag.toLowerCase())}`,
}

describe('post text to HTML', () => {
  it('escapes a script injection', () => {
    expect(renderText('<script>alert("x")</script> & \'q\'', links))
      .toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</p>')
  })

  it('never lets a tag through, whatever the text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => {
      const html = renderText(text, links)
      const stripped = html.replace(/<\/?(p|br \/|span|a)( [^<>]*)?>/g, '')
      expect(stripped).not.toMatch(/[<>]/)
    }))
  })

  it('splits paragraphs on blank lines and lines with <br />', () => {
    expect(renderText('one\ntwo\n\n\nthree', links)).toBe('<p>one<br />two</p><p>three</p>')
  })

  it('links a known local mention as an h-card and leaves an unknown one as text', () => {
    expect(renderText('hi @alice and @bob', links)).toBe(
      '<p>hi <span class="h-card" translate="no"><a href="https://phare.test/@alice" class="u-url mention">@<span>alice</span></a></span> and @bob</p>')
    expect(renderText('@Alice@phare.test', links)).toContain('class="u-url mention"')
  })

  it('links hashtags to the lower-cased tag page', () => {
    expect(renderText('#Phare rocks', links)).toBe(
      '<p><a href="https://phare.test/tags/phare" class="mention hashtag" rel="tag">#<span>Phare</span></a> rocks</p>')
    expect(extractEntities('#123 #café_2 #日本')).toEqual([
      { kind: 'hashtag', tag: 'café_2', start: 5, end: 12 },
      { kind: 'hashtag', tag: '日本', start: 13, end: 16 },
    ])
  })

  it('does not read a hashtag or a mention inside a URL', () => {
    const e = extractEntities('https://example.org/page#section?u=@alice')
    expect(e).toHaveLength(1)
    expect(e[0].kind).toBe('url')
  })

  it('shortens a long link as Mastodon does', () => {
    expect(shortenedLink('https://www.example.org/a')).toBe(
      '<a href="https://www.example.org/a" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">https://www.</span><span class="">example.org/a</span><span class="invisible"></span></a>')
    const long = shortenedLink('https://example.org/0123456789012345678901234567890123456789')
    expect(long).toContain('<span class="ellipsis">example.org/012345678901234567</span><span class="invisible">8901234567890123456789</span>')
  })

  it('escapes quotes inside a link', () => {
    expect(renderText('https://example.org/a"onmouseover=x', links)).not.toContain('"onmouseover')
  })

  it('renders blank text as the empty string', () => {
    expect(renderText('   ', links)).toBe('')
  })
})
