import { describe, expect, it } from 'vitest'
import { isSafePath, pickEncoding } from './static-files.ts'

describe('pickEncoding', () => {
  it('takes the first offer the browser accepts, honouring q=0 and *', () => {
    expect(pickEncoding('gzip, deflate, br, zstd', ['br', 'gzip'])).toBe('br')
    expect(pickEncoding('gzip', ['br', 'gzip'])).toBe('gzip')
    expect(pickEncoding('br;q=0, gzip;q=0.5', ['br', 'gzip'])).toBe('gzip')
    expect(pickEncoding('*', ['br', 'gzip'])).toBe('br')
    expect(pickEncoding('*;q=0, identity', ['br', 'gzip'])).toBeNull()
    expect(pickEncoding('identity', ['br'])).toBeNull()
    expect(pickEncoding(undefined, ['br'])).toBeNull()
    expect(pickEncoding('BR', ['br'])).toBe('br')
  })
})

describe('isSafePath', () => {
  it('allows plain relative file paths and refuses dot segments, dotfiles and separators', () => {
    for (const ok of ['assets/index-AbC_12.js', 'favicon.svg', 'icons/app-192.png', 'avatars/original/missing.png']) expect(isSafePath(ok), ok).toBe(true)
    for (const bad of ['', '..', '../package.json', 'assets/../x', '.env', 'assets/.hidden', 'a//b', '/etc/passwd', 'a\\b', 'a/b\0c', 'a:b']) expect(isSafePath(bad), bad).toBe(false)
  })
})
