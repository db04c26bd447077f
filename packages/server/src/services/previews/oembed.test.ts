import { describe, expect, it } from 'vitest'
import { parseOembed } from './oembed.ts'

const BASE = 'https://video.example/oembed?url=1'

describe('checking an oEmbed answer', () => {
  it('takes a video with its sanitised frame, size, author, provider and thumbnail', () => {
    const o = parseOembed({
      version: '1.0', type: 'video', title: 'A &amp; talk', author_name: 'Ada', author_url: 'https://video.example/ada',
      provider_name: 'Video', provider_url: 'https://video.example/', thumbnail_url: '/t/1.jpg', width: 640, height: '360',
      html: '<iframe src="https://video.example/embed/1" width="640" height="360" onload="alert(1)"></iframe><script>alert(1)</script>',
    }, BASE)
    expect(o).toMatchObject({
      type: 'video', title: 'A &amp; talk', authorName: 'Ada', authorUrl: 'https://video.example/ada', providerName: 'Video',
      thumbnailUrl: 'https://video.example/t/1.jpg', width: 640, height: 360,
    })
    expect(o!.html).toMatch(/^<iframe src="https:\/\/video\.example\/embed\/1" width="640" height="360" sandbox="[^"]+"><\/iframe>$/)
  })

  it('turns a rich embed whose html is only a script into a plain link', () => {
    const o = parseOembed({ type: 'rich', title: 't', html: '<blockquote>x</blockquote><script src="https://evil.example/x.js"></script>', width: 500, height: 100 }, BASE)
    expect(o).toMatchObject({ type: 'link', html: '', width: 0, height: 0 })
  })

  it('keeps a photo only with an http(s) url', () => {
    expect(parseOembed({ type: 'photo', url: 'https://img.example/p.jpg', width: 10, height: 20 }, BASE)).toMatchObject({ type: 'photo', url: 'https://img.example/p.jpg' })
    expect(parseOembed({ type: 'photo', url: 'javascript:alert(1)' }, BASE)).toMatchObject({ type: 'link', url: null })
  })

  it('refuses what is not an oEmbed object', () => {
    for (const bad of [null, 'x', 42, [], {}, { type: 'script' }, { type: ['video'] }]) expect(parseOembed(bad, BASE)).toBeNull()
  })

  it('ignores fields of the wrong type and cleans over-long or hostile text', () => {
    const o = parseOembed({ type: 'link', title: { toString: 'x' }, author_name: 'a\u0000b'.repeat(1000), author_url: 'javascript:x', width: -3 }, BASE)
    expect(o).toMatchObject({ type: 'link', title: '', authorUrl: null, width: 0 })
    expect(Array.from(o!.authorName).length).toBe(400)
    expect(o!.authorName).not.toContain('\u0000')
  })
})
