// The poll part of the composer: 2 to max choices, a length, single or multiple choice.
import type { Instance } from '../api/types.ts'
import { useI18n } from '../i18n/index.ts'
import type { PollDraft } from '../state/drafts.ts'
import { Icon } from './Icon.tsx'

const DURATIONS = [300, 1800, 3600, 6 * 3600, 86_400, 3 * 86_400, 7 * 86_400]

export function PollEditor({ poll, onChange, limits }: { poll: PollDraft; onChange(p: PollDraft | null): void; limits: Instance['configuration']['polls'] | undefined }) {
  const i = useI18n()
  const max = limits?.max_options ?? 4
  const maxChars = limits?.max_characters_per_option ?? 50
  const durations = DURATIONS.filter((d) => !limits || (d >= limits.min_expiration && d <= limits.max_expiration))
  const label = (d: number) => d < 3600 ? i.t('compose.minutes', { count: d / 60 }) : d < 86_400 ? i.t('compose.hours', { count: d / 3600 }) : i.t('compose.days', { count: d / 86_400 })
  const set = (p: Partial<PollDraft>) => onChange({ ...poll, ...p })
  return (
    <fieldset className="poll-editor">
      <legend className="sr-only">{i.t('compose.poll')}</legend>
      {poll.options.map((o, n) => (
        <div className="row" key={n}>
          <input type="text" value={o} maxLength={maxChars} aria-label={i.t('compose.pollOption', { n: n + 1 })} placeholder={i.t('compose.pollOption', { n: n + 1 })}
            onChange={(e) => set({ options: poll.options.map((x, k) => (k === n ? e.target.value : x)) })} />
          {poll.options.length > 2 ? (
            <button type="button" className="icon-button" aria-label={i.t('compose.removeOption', { n: n + 1 })}
              onClick={() => set({ options: poll.options.filter((_, k) => k !== n) })}><Icon name="close" size={16} /></button>
          ) : null}
        </div>
      ))}
      <div className="row wrap">
        {poll.options.length < max ? (
          <button type="button" className="button small ghost" onClick={() => set({ options: [...poll.options, ''] })}><Icon name="plus" size={16} /> {i.t('compose.addOption')}</button>
        ) : null}
        <label className="inline">
          <span>{i.t('compose.pollDuration')}</span>
          <select value={poll.expiresIn} onChange={(e) => set({ expiresIn: Number(e.target.value) })}>
            {durations.map((d) => <option key={d} value={d}>{label(d)}</option>)}
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" checked={poll.multiple} onChange={(e) => set({ multiple: e.target.checked })} />
          <span>{i.t('compose.pollMultiple')}</span>
        </label>
        <button type="button" className="button small ghost" onClick={() => onChange(null)}>{i.t('compose.removePoll')}</button>
      </div>
    </fieldset>
  )
}
