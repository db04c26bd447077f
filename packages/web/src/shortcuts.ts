// Keyboard shortcuts, as in Mastodon's web app: j/k move between posts, n writes,
// ? shows help. r/l/t/o act on the focused post (handled by the post itself, see
// components/Status.tsx). Typing in a field or a dialog never triggers them.
import { session } from './state/session.ts'
import { helpOpen, openComposer } from './state/ui.ts'
import { navigate } from './router.tsx'

function typing(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null
  return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))
}

function articles(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>('main article[tabindex]'))
}

/** Moves focus to the next (1) or previous (-1) post, starting from the one in view when none has focus. */
function move(dir: 1 | -1): void {
  const list = articles()
  if (list.length === 0) return
  const active = document.activeElement?.closest<HTMLElement>('main article[tabindex]')
  let at = active ? list.indexOf(active) : -1
  if (at < 0) {
    const header = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--header-h')) || 0
    const first = list.findIndex((a) => a.getBoundingClientRect().bottom > header + 8)
    at = dir === 1 ? first - 1 : first
  }
  const target = list[Math.max(0, Math.min(list.length - 1, at + dir))]
  target?.focus()
}

/** Installs the global shortcuts. */
export function startShortcuts(): void {
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return
    if (document.querySelector('dialog[open]')) return
    switch (e.key) {
      case 'j': move(1); break
      case 'k': move(-1); break
      case '?': helpOpen.set(true); break
      case 'n': {
        if (!session.get().token) { navigate('/sign-in'); break }
        const inline = document.getElementById('compose-text')
        if (inline && inline.offsetParent !== null) inline.focus()
        else openComposer()
        break
      }
      default: return
    }
    e.preventDefault()
  })
}
