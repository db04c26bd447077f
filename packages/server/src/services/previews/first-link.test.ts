import { describe, expect, it } from 'vitest'
import { renderText } from '../statuses/text.ts'
import { firstLink } from './first-link.ts'

const links = {
  mentionUrl: (acct: string) => (acct === 'bob' ? { url: 'https://phare.test/@bob', username: 'bob' } : null),
  tagUrl: (tag: string) => `https://phare.test/tags/${tag}`,
}
const html = (text: string) => renderText(text, links)

describe('the link a post previews', () => {
  it('is the first plain link, after mentions and hashtags', () => {
    expect(firstLink(html('@bob look #news https://example.com/a and https://example.org/b'))).toBe('https://example.com/a')
  })

  it('is none when the post only mentions people and tags', () => {
    expect(firstLink(html('@bob #news nothing else'))).toBeNull()
    expect(firstLink('')).toBeNull()
  })

  it('skips links to this server and the URLs it is told to skip', () => {
    const content = html('quoting https://phare.test/@bob/1 and https://quoted.example/x then https://example.com/y')
    expect(firstLink(content, { localOrigin: 'https://phare.test', skip: ['https://quoted.example/x'] })).toBe('https://example.com/y')
  })

  it("skips the link inside Mastodon's inline quote wrapper", () => {
    const content = '<p class="quote-inline">RE: <a href="https://other.example/@a/1">x</a></p><p><a href="https://example.com/">y</a></p>'
    expect(firstLink(content)).toBe('https://example.com/')
  })

  it('ignores non-http schemes and broken hrefs', () => {
    const content = '<a href="javascript:alert(1)">a</a><a href="mailto:a@b.c">b</a><a href="http://">c</a><a href="ftp://x/">d</a><a href="https://ok.example/">e</a>'
    expect(firstLink(content)).toBe('https://ok.example/')
  })

  it('treats rel="tag" and class="u-url mention" links as not the link', () => {
    const content = '<a rel="tag" href="https://a.example/">#a</a><span class="h-card"><a class="u-url mention" href="https://b.example/@x">@x</a></span>'
    expect(firstLink(content)).toBeNull()
  })
})
