import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { EMBED_SANDBOX, sanitizeEmbed } from './sanitize.ts'

const frame = (src: string, extra = '') => `<iframe src="${src}" width="560" height="315"${extra}></iframe>`
const sandbox = `sandbox="${EMBED_SANDBOX}"`

describe('sanitising oEmbed html', () => {
  it('keeps one https iframe with its size and a forced sandbox', () => {
    const out = sanitizeEmbed(frame('https://video.example/embed/1', ' allowfullscreen frameborder="0" sandbox="allow-top-navigation"'))
    expect(out).toBe(`<iframe src="https://video.example/embed/1" width="560" height="315" ${sandbox}></iframe>`)
  })

  it('drops scripts, styles, event handlers and every other tag', () => {
    const out = sanitizeEmbed(`<script>alert(1)</script><style>*{}</style><div onclick="x()"><img src=x onerror=alert(1)>
      ${frame('https://v.example/e', ' onload="alert(1)" style="position:fixed" srcdoc="<script>alert(1)</script>"')}<svg onload=alert(1)></svg></div>`)
    expect(out).toBe(`<iframe src="https://v.example/e" width="560" height="315" ${sandbox}></iframe>`)
    for (const bad of ['<script', 'onerror', 'onload', 'onclick', 'style', 'srcdoc', 'img', 'svg', 'alert']) expect(out).not.toContain(bad)
  })

  it('refuses javascript:, data:, http: and relative frame sources', () => {
    for (const src of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>',
      'http://v.example/e', '//v.example/e', '/embed', 'https://user:pw@v.example/', 'vbscript:x']) {
      expect(sanitizeEmbed(frame(src))).toBe('')
    }
  })

  it('keeps only the first usable frame, and none of what is nested inside it', () => {
    const out = sanitizeEmbed(`${frame('javascript:x')}<iframe src="https://a.example/"><iframe src="https://b.example/"></iframe><script>alert(1)</script></iframe>${frame('https://c.example/')}`)
    expect(out).toBe(`<iframe src="https://a.example/" ${sandbox}></iframe>`)
  })

  it('escapes a src that tries to break out of its attribute, and drops odd sizes', () => {
    const out = sanitizeEmbed('<iframe src=\'https://v.example/"><script>alert(1)</script>\' width="100%" height="1e9"></iframe>')
    expect(out).not.toContain('<script')
    expect(out).toMatch(/^<iframe src="https:\/\/v\.example\/%22%3E%3Cscript%3Ealert\(1\)%3C\/script%3E" sandbox="[^"]+"><\/iframe>$/)
  })

  it('is empty for text, broken markup and nothing', () => {
    for (const html of ['', 'hello', '<iframe', '<p>text</p>', '<<iframe src="https://x.example/">>']) {
      const out = sanitizeEmbed(html)
      expect(out === '' || /^<iframe src="https:\/\/x\.example\/" sandbox="[^"]+"><\/iframe>$/.test(out)).toBe(true)
    }
  })

  it('whatever pieces of hostile markup are combined, the result is nothing or exactly one sandboxed https frame', () => {
    const pieces = ['<iframe src="https://a.example/x">', '<iframe src="javascript:alert(1)">', '</iframe>', '<script>', '</script>', 'alert(1)',
      '<img src=x onerror=alert(1)>', '<svg onload=alert(1)>', '"', "'", '<', '>', ' onload="x()"', ' srcdoc="<script>x</script>"',
      '<iframe src=data:text/html,x>', '<!--', '-->', '<![CDATA[', ']]>', '<style>', '&lt;script&gt;', '<iframe\nsrc="https://b.example/"\nwidth=1>']
    const strict = /^<iframe src="https:\/\/[^"<>]+"( width="\d+")?( height="\d+")? sandbox="[a-z -]+"><\/iframe>$/
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => {
      const out = sanitizeEmbed(parts.join(''))
      expect(out === '' || strict.test(out)).toBe(true)
      expect(out).not.toMatch(/<script|\son\w+=|srcdoc|javascript:|data:/i)
    }), { numRuns: 2000 })
  })
})
