// Creating a room: title, description, up to three topics, and either "start now"
// or a date and time within the next 30 days. The server also posts the announcement.
import { useId, useState, type FormEvent } from 'react'
import { rooms } from '../../api/rooms.ts'
import { useI18n } from '../../i18n/index.ts'
import { navigate } from '../../router.tsx'
import { errorText } from '../../state/ui.ts'
import { localInputValue, topicsFrom } from '../../rooms/parse.ts'

const TOPICS_MAX = 3
const DAYS_MAX = 30

export default function NewRoomView() {
  const i = useI18n()
  const id = useId()
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [topics, setTopics] = useState('')
  const [when, setWhen] = useState<'now' | 'later'>('now')
  const [at, setAt] = useState(() => localInputValue(new Date(Date.now() + 3_600_000)))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const now = Date.now()

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const list = topicsFrom(topics)
    if (list.length > TOPICS_MAX) { setError(i.t('rooms.new.tooManyTopics', { count: TOPICS_MAX })); return }
    const scheduled = when === 'later' ? new Date(at) : null
    if (scheduled && Number.isNaN(scheduled.getTime())) { setError(i.t('rooms.new.badDate')); return }
    setBusy(true); setError(null)
    try {
      const room = await rooms.create({ title: title.trim(), description: description.trim(), topics: list, scheduled_at: scheduled ? scheduled.toISOString() : null })
      navigate(`/rooms/${room.id}`)
    } catch (err) {
      setError(errorText(err))
      setBusy(false)
    }
  }

  return (
    <form className="card new-room" onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h1 id={`${id}-h`} className="view-title">{i.t('rooms.new.title')}</h1>
      <label htmlFor={`${id}-t`} className="block-label">{i.t('rooms.new.name')}</label>
      <input id={`${id}-t`} type="text" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
      <label htmlFor={`${id}-d`} className="block-label">{i.t('rooms.new.description')}</label>
      <textarea id={`${id}-d`} rows={3} maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} />
      <label htmlFor={`${id}-k`} className="block-label">{i.t('rooms.new.topics')}</label>
      <input id={`${id}-k`} type="text" aria-describedby={`${id}-kh`} value={topics} onChange={(e) => setTopics(e.target.value)} />
      <p id={`${id}-kh`} className="dim small">{i.t('rooms.new.topicsHelp', { count: TOPICS_MAX })}</p>
      <fieldset className="stack">
        <legend>{i.t('rooms.new.when')}</legend>
        <label className="inline"><input type="radio" name={`${id}-w`} checked={when === 'now'} onChange={() => setWhen('now')} /><span>{i.t('rooms.new.now')}</span></label>
        <label className="inline"><input type="radio" name={`${id}-w`} checked={when === 'later'} onChange={() => setWhen('later')} /><span>{i.t('rooms.new.later')}</span></label>
        {when === 'later' ? (
          <>
            <label htmlFor={`${id}-at`} className="block-label">{i.t('rooms.new.at')}</label>
            <input id={`${id}-at`} type="datetime-local" required value={at} onChange={(e) => setAt(e.target.value)}
              min={localInputValue(new Date(now + 60_000))} max={localInputValue(new Date(now + DAYS_MAX * 86_400_000))} />
          </>
        ) : null}
      </fieldset>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      <button type="submit" className="button primary" disabled={busy || !title.trim()}>
        {when === 'now' ? i.t('rooms.new.startNow') : i.t('rooms.new.schedule')}
      </button>
    </form>
  )
}
