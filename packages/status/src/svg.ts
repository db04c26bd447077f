// Inline SVG drawn on the server: uptime bars, the latency chart and badges. No scripts.
import type { State } from './components.ts'

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

export const COLOURS: Record<State, string> = { operational: '#1f8a4c', degraded: '#b7791f', outage: '#c53030', unknown: '#718096' }
const NO_DATA = '#d9dde3'

export interface Day { day: string; total: number; bad: number; unknown: number }

/** 90 bars, oldest first: green without failures, amber under 5 % failed rounds, red above, grey without data. */
export function uptimeBars(days: Day[], today: Date): string {
  const byDay = new Map(days.map((d) => [d.day, d]))
  const bars: string[] = []
  for (let i = 89; i >= 0; i--) {
    const day = new Date(today.getTime() - i * 86_400_000).toISOString().slice(0, 10)
    const d = byDay.get(day)
    const known = d ? d.total - d.unknown : 0
    const share = d && known > 0 ? d.bad / known : 0
    const fill = !d || known === 0 ? NO_DATA : share === 0 ? COLOURS.operational : share < 0.05 ? COLOURS.degraded : COLOURS.outage
    const label = !d || known === 0 ? `${day}: no data` : `${day}: ${(100 * (1 - share)).toFixed(2)} % of probe rounds passed`
    bars.push(`<rect x="${(89 - i) * 5}" y="0" width="3.5" height="28" rx="1" fill="${fill}"><title>${label}</title></rect>`)
  }
  return `<svg class="bars" viewBox="0 0 448 28" preserveAspectRatio="none" role="img" aria-label="Uptime over 90 days">${bars.join('')}</svg>`
}

/** Overall uptime over the days given, or null without data. */
export function uptimePercent(days: Day[]): number | null {
  const known = days.reduce((s, d) => s + d.total - d.unknown, 0)
  if (known === 0) return null
  return 100 * (1 - days.reduce((s, d) => s + d.bad, 0) / known)
}

const LINE_COLOURS = ['#2b6cb0', '#805ad5', '#d53f8c', '#dd6b20', '#38a169', '#319795']

/** One line per journey of its duration over time; `series` points are [ms epoch, ms duration]. */
export function latencyChart(series: { name: string; points: [number, number][] }[], from: number, to: number): string {
  const W = 720, H = 180, L = 44, B = 20
  const max = Math.max(100, ...series.flatMap((s) => s.points.map((p) => p[1])))
  const top = Math.ceil(max / 100) * 100
  const x = (t: number) => L + ((t - from) / Math.max(1, to - from)) * (W - L - 4)
  const y = (v: number) => 4 + (1 - v / top) * (H - B - 8)
  const grid = [0, 0.5, 1].map((f) => `<line x1="${L}" x2="${W}" y1="${y(top * f)}" y2="${y(top * f)}" stroke="#e2e8f0"/><text x="${L - 4}" y="${y(top * f) + 4}" text-anchor="end" font-size="10" fill="#4a5568">${Math.round(top * f)} ms</text>`).join('')
  const lines = series.map((s, i) => s.points.length === 0 ? '' : `<polyline fill="none" stroke-width="1.5" stroke="${LINE_COLOURS[i % LINE_COLOURS.length]}" points="${s.points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}"><title>${esc(s.name)}</title></polyline>`).join('')
  const legend = series.map((s, i) => `<tspan fill="${LINE_COLOURS[i % LINE_COLOURS.length]}">■ ${esc(s.name)}  </tspan>`).join('')
  return `<svg class="chart" viewBox="0 0 ${W} ${H + 16}" role="img" aria-label="Journey durations">${grid}${lines}<text x="${L}" y="${H + 10}" font-size="11">${legend}</text></svg>`
}

/** A shields-style badge: "Media | operational". */
export function badge(label: string, state: State): string {
  const w1 = 8 + label.length * 6.5, w2 = 8 + state.length * 6.5
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w1 + w2}" height="20" role="img" aria-label="${esc(label)}: ${state}"><title>${esc(label)}: ${state}</title>`
    + `<rect width="${w1}" height="20" fill="#555"/><rect x="${w1}" width="${w2}" height="20" fill="${COLOURS[state]}"/>`
    + `<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11"><text x="${w1 / 2}" y="14" text-anchor="middle">${esc(label)}</text><text x="${w1 + w2 / 2}" y="14" text-anchor="middle">${state}</text></g></svg>`
}
