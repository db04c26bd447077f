import { describe, expect, it } from 'vitest'
import { s256 } from './codes.ts'
import { scopeAllows } from './scopes.ts'

describe('PKCE', () => {
  it('S256 matches the example of RFC 7636 appendix B', () => {
    expect(s256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')
  })
})

describe('scopes', () => {
  it('a top-level scope grants its children, and profile is granted by read access but grants no read', () => {
    expect(scopeAllows(new Set(['write']), 'write:accounts')).toBe(true)
    expect(scopeAllows(new Set(['read']), 'write:accounts')).toBe(false)
    expect(scopeAllows(new Set(['read:accounts']), 'profile')).toBe(true)
    expect(scopeAllows(new Set(['profile']), 'read:accounts')).toBe(false)
  })
})
