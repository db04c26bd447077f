import { describe, expect, it } from 'vitest'
import { decodeHtml, extractPage } from './extract.ts'

const PAGE = 'https://news.example/articles/42'

describe('reading a page for its preview', () => {
  it('takes Open Graph tags first and resolves relative URLs against the final page', () => {
    const m = extractPage(`<!doctype html><html lang="en-GB"><head>
      <title>Plain title</title>
      <meta property="og:title" content="OG &amp; title">
      <meta property="og:description" content="  A   description
        over lines ">
      <meta property="og:image" content="/img/cover.jpg">
      <meta property="og:image:alt" content="A lighthouse">
      <meta property="og:site_name" content="News">
      <meta property="og:type" content="article">
      <meta property="article:published_time" content="2024-05-01T10:00:00Z">
      <meta name="author" content="Ada">
      <link rel="canonical" href="../articles/42?ref=x">
      <link rel="alternate" type="application/json+oembed" href="/oembed?url=42">
      </head><body></body></html>`, PAGE)
    expect(m).toMatchObject({
      title: 'OG & title', description: 'A description over lines', image: 'https://news.example/img/cover.jpg',
      imageAlt: 'A lighthouse', siteName: 'News', ogType: 'article', language: 'en', author: 'Ada',
      publishedAt: Date.parse('2024-05-01T10:00:00Z'), canonicalUrl: 'https://news.example/articles/42?ref=x',
      oembedUrl: 'https://news.example/oembed?url=42',
    })
  })

  it('falls back to Twitter tags, then <title> and meta description', () => {
    expect(extractPage('<meta name="twitter:title" content="T"><meta name="twitter:image" content="https://i.example/a.png"><title>x</title>', PAGE))
      .toMatchObject({ title: 'T', image: 'https://i.example/a.png' })
    expect(extractPage('<title>Only &lt;the&gt; title</title><meta name="description" content="d">', PAGE))
      .toMatchObject({ title: 'Only <the> title', description: 'd', image: null })
  })

  it('never keeps a javascript:, data: or otherwise non-web image, oEmbed or canonical URL', () => {
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:image/png;base64,AAAA', 'file:///etc/passwd', 'http://user:pw@x.example/', '   ']) {
      const m = extractPage(`<meta property="og:image" content="${bad}"><link rel="canonical" href="${bad}">
        <link rel="alternate" type="application/json+oembed" href="${bad}">`, PAGE)
      expect([m.image, m.canonicalUrl, m.oembedUrl]).toEqual([null, null, null])
    }
  })

  it('keeps script contents, tags and comments out of the text', () => {
    const m = extractPage('<head><title><script>alert(1)</script>Real</title><script>document.title="<title>Fake</title>"</script><!-- <title>No</title> --></head>', PAGE)
    expect(m.title).toBe('<script>alert(1)</script>Real')
    const n = extractPage('<script>var t = "<title>Fake</title>"</script><title>Real</title>', PAGE)
    expect(n.title).toBe('Real')
  })

  it('caps a 10,000-character title and description and strips control characters', () => {
    const long = 'word '.repeat(2000)
    const m = extractPage(`<title>${long}</title><meta name="description" content="${'x'.repeat(10_000)}">`, PAGE)
    expect(Array.from(m.title).length).toBeLessThanOrEqual(200)
    expect(m.title.endsWith('…')).toBe(true)
    expect(Array.from(m.description).length).toBe(400)
    expect(extractPage('<title>a\u0000b\u0007c\u202Ed\u001be</title>', PAGE).title).toBe('abcde')
  })

  it('reads pages without a head, with broken markup or no markup at all', () => {
    expect(extractPage('<meta property="og:title" content="No head">', PAGE).title).toBe('No head')
    expect(extractPage('<html><title>Unclosed', PAGE).title).toBe('Unclosed')
    expect(extractPage('<<<>>><meta content="x" property=og:title<title>>', PAGE).title).toBeTypeOf('string')
    expect(extractPage('', PAGE)).toMatchObject({ title: '', description: '', image: null, language: null })
    expect(extractPage('just text', PAGE).title).toBe('')
  })

  it('ignores the <title> of an inline SVG and takes the first of repeated tags', () => {
    const m = extractPage('<body><svg><title>icon</title></svg><title>Page</title><meta property="og:title" content=""><meta property="og:title" content="second"></body>', PAGE)
    expect(m.title).toBe('Page')
  })

  it('refuses nonsense languages, dimensions and dates', () => {
    const m = extractPage('<html lang="<script>"><meta property="og:image:width" content="-5"><meta property="article:published_time" content="yesterday">', PAGE)
    expect([m.language, m.imageWidth, m.publishedAt]).toEqual([null, 0, null])
  })
})

describe('decoding a page', () => {
  const latin1 = (s: string) => Buffer.from(s, 'latin1')
  it('honours the Content-Type charset', () => {
    expect(decodeHtml(latin1('<title>caf\xe9</title>'), 'text/html; charset=ISO-8859-1')).toContain('café')
  })
  it('honours a <meta charset> and an http-equiv charset when the header has none', () => {
    expect(decodeHtml(latin1('<meta charset="windows-1252"><title>\x93q\x94</title>'), 'text/html')).toContain('“q”')
    expect(decodeHtml(Buffer.from([0x3c, 0x6d, ...Buffer.from('eta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'), 0x93, 0xfa, 0x96, 0x7b]), '')).toContain('日本')
  })
  it('defaults to UTF-8 and survives unknown charsets', () => {
    expect(decodeHtml(Buffer.from('<title>日本</title>'), 'text/html; charset=x-made-up')).toContain('日本')
    expect(decodeHtml(Buffer.from('\uFEFF<title>ü</title>'), 'text/html; charset=iso-8859-1')).toContain('ü')
  })
})
