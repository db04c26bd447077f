// @mention and #hashtag suggestions for the composer, from /api/v2/search, for the
// word being typed at the caret. Debounced, and stale answers are ignored.
import { useEffect, useRef, useState } from 'react'
import { api } from '../api/client.ts'
import type { Account, SearchResults, Tag } from '../api/types.ts'

export type Suggestion = { kind: 'account'; account: Account } | { kind: 'tag'; tag: Tag }

/** The @word or #word ending at the caret, with its start offset. */
export function tokenAt(text: string, caret: number): { sigil: '@' | '#'; query: string; start: number } | null {
  const before = text.slice(0, caret)
  const m = /(?:^|[^\p{L}\p{N}_@#/])([@#])([\p{L}\p{N}_.@-]*)$/u.exec(before)
  if (!m || m[2].length < 1) return null
  return { sigil: m[1] as '@' | '#', query: m[2], start: caret - m[2].length - 1 }
}

export function useAutocomplete(text: string, caret: number) {
  const [items, setItems] = useState<Suggestion[]>([])
  const [active, setActive] = useState(0)
  const token = tokenAt(text, caret)
  const key = token ? token.sigil + token.query : ''
  const seq = useRef(0)
  useEffect(() => {
    const n = ++seq.current
    if (!token) { setItems([]); return }
    const timer = setTimeout(async () => {
      try {
        const r = await api.get<SearchResults>('/api/v2/search', { q: token.query, type: token.sigil === '@' ? 'accounts' : 'hashtags', limit: 5, resolve: false })
        if (n !== seq.current) return
        setItems(token.sigil === '@' ? r.accounts.map((account) => ({ kind: 'account', account })) : r.hashtags.map((tag) => ({ kind: 'tag', tag })))
        setActive(0)
      } catch { if (n === seq.current) setItems([]) }
    }, 150)
    return () => clearTimeout(timer)
  }, [key])
  return { token, items, active, setActive, close: () => { seq.current++; setItems([]) } }
}

/** The text with the token replaced by the chosen suggestion, and the caret after it. */
export function applySuggestion(text: string, start: number, caret: number, s: Suggestion): { text: string; caret: number } {
  const insert = s.kind === 'account' ? `@${s.account.acct} ` : `#${s.tag.name} `
  return { text: text.slice(0, start) + insert + text.slice(caret).replace(/^\s/, ''), caret: start + insert.length }
}
