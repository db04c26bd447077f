// Translation and locale formatting. The UI language follows the settings (the
// browser's by default); dates and numbers use the same locale via Intl.
import { useMemo } from 'react'
import { en, type Catalogue, type MessageKey } from './en.ts'
import { fr } from './fr.ts'
import { resolvedLanguage, settings, type Language } from '../state/settings.ts'
import { useStore } from '../state/store.ts'

const catalogues: Record<Language, Catalogue> = { en, fr }

export type Vars = Record<string, string | number>

export interface I18n {
  lang: Language
  t(key: MessageKey, vars?: Vars): string
  /** a compact count: 1,234 → 1.2K / 1,2 k */
  count(n: number): string
  /** "3 min" / "il y a 3 min" style relative time for recent dates, a date otherwise */
  relative(iso: string, now?: number): string
  /** the full date and time, for tooltips and <time> titles */
  dateTime(iso: string): string
  /** month and year ("March 2025") */
  monthYear(iso: string): string
}

function interpolate(s: string, vars?: Vars): string {
  return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s
}

/** Builds the translator for one language (cached formatters: creating Intl objects is slow). */
export function makeI18n(lang: Language): I18n {
  const cat = catalogues[lang]
  const plural = new Intl.PluralRules(lang)
  const num = new Intl.NumberFormat(lang)
  const compact = new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 })
  const rel = new Intl.RelativeTimeFormat(lang, { numeric: 'auto', style: 'short' })
  const full = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' })
  const short = new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric' })
  const shortYear = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric' })
  const my = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long' })
  return {
    lang,
    t(key, vars) {
      const m = cat[key] ?? en[key]
      if (typeof m === 'string') return interpolate(m, vars)
      const n = Number(vars?.count ?? 0)
      const form = plural.select(n) === 'one' ? m.one : m.other
      return interpolate(form, { ...vars, count: num.format(n) })
    },
    count: (n) => (n < 10_000 ? num.format(n) : compact.format(n)),
    relative(iso, now = Date.now()) {
      const t = Date.parse(iso)
      const s = Math.round((t - now) / 1000)
      const a = Math.abs(s)
      if (a < 45) return cat['time.now'] as string
      if (a < 3600) return rel.format(Math.round(s / 60), 'minute')
      if (a < 86_400) return rel.format(Math.round(s / 3600), 'hour')
      if (a < 7 * 86_400) return rel.format(Math.round(s / 86_400), 'day')
      return new Date(t).getFullYear() === new Date(now).getFullYear() ? short.format(t) : shortYear.format(t)
    },
    dateTime: (iso) => full.format(Date.parse(iso)),
    monthYear: (iso) => my.format(Date.parse(iso)),
  }
}

const cache = new Map<Language, I18n>()
/** The translator for the current settings (outside React: toasts, document titles). */
export function i18n(): I18n {
  const lang = resolvedLanguage()
  let v = cache.get(lang)
  if (!v) { v = makeI18n(lang); cache.set(lang, v) }
  return v
}

/** The translator, re-rendering when the language setting changes. */
export function useI18n(): I18n {
  const lang = useStore(settings, resolvedLanguage)
  return useMemo(() => { void lang; return i18n() }, [lang])
}

export type { MessageKey }
