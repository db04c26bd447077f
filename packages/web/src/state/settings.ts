// The reader's preferences, kept in this browser (they are about the device as
// much as the person: a dark phone and a light desktop are both reasonable).
import { createStore, loadJson } from './store.ts'

export type Theme = 'system' | 'light' | 'dark'
export type Motion = 'system' | 'reduce'
export type Language = 'en' | 'fr'

export interface Settings { theme: Theme; motion: Motion; language: Language | 'auto' }

const KEY = 'phare.settings'

export const settings = createStore<Settings>(loadJson<Settings>(KEY, { theme: 'system', motion: 'system', language: 'auto' }))

/** The language the UI speaks: the chosen one, else the browser's first supported language. */
export function resolvedLanguage(s: Settings = settings.get()): Language {
  if (s.language !== 'auto') return s.language
  // Called on every render of every translated component: the browser's answer is computed once.
  return (browserLanguage ??= fromBrowser())
}

let browserLanguage: Language | undefined

function fromBrowser(): Language {
  for (const l of navigator.languages ?? [navigator.language]) {
    const base = l.toLowerCase().split('-')[0]
    if (base === 'fr' || base === 'en') return base
  }
  return 'en'
}

/** Reflects the settings on <html>, where the CSS reads them. */
function apply(s: Settings): void {
  const root = document.documentElement
  root.dataset.theme = s.theme
  root.dataset.motion = s.motion
  root.lang = resolvedLanguage(s)
  const dark = s.theme === 'dark' || (s.theme === 'system' && matchMedia('(prefers-color-scheme: dark)').matches)
  document.querySelector('meta[name="theme-color"]')?.setAttribute('content', dark ? '#15161c' : '#ffffff')
}

/** Applies the saved settings and keeps them saved and applied. */
export function startSettings(): void {
  apply(settings.get())
  settings.subscribe(() => {
    localStorage.setItem(KEY, JSON.stringify(settings.get()))
    apply(settings.get())
  })
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => apply(settings.get()))
}
