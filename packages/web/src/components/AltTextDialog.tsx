// Describing an attached image: the alt text (counted as the server counts it) and,
// optionally, the focus point that stays in view when a timeline crops the image
// (click the picture, or move the point with the arrow keys).
import { useEffect, useId, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react'
import { createPortal } from 'react-dom'
import type { Focus } from '../api/media.ts'
import { useI18n } from '../i18n/index.ts'
import { instance } from '../state/session.ts'
import { useStore } from '../state/store.ts'
import { errorText } from '../state/ui.ts'
import { setMeta, type Upload } from '../state/uploads.ts'
import { Dialog } from './Dialog.tsx'

const clamp = (v: number) => Math.round(Math.max(-1, Math.min(1, v)) * 100) / 100

function FocusPicker({ src, focus, onChange }: { src: string; focus: Focus; onChange(f: Focus): void }) {
  const i = useI18n()
  const hint = useId()
  const pick = (e: MouseEvent<HTMLButtonElement>) => {
    const r = e.currentTarget.getBoundingClientRect()
    // A keyboard "click" has no position: it keeps the point where it is.
    if (e.detail === 0 || r.width === 0) return
    onChange({ x: clamp(((e.clientX - r.left) / r.width) * 2 - 1), y: clamp(1 - ((e.clientY - r.top) / r.height) * 2) })
  }
  const onKey = (e: KeyboardEvent) => {
    const step = e.shiftKey ? 0.25 : 0.1
    const d: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] }
    const m = d[e.key]
    if (!m) return
    e.preventDefault()
    onChange({ x: clamp(focus.x + m[0]), y: clamp(focus.y + m[1]) })
  }
  const pct = { left: `${((focus.x + 1) / 2) * 100}%`, top: `${((1 - focus.y) / 2) * 100}%` }
  return (
    <>
      <button type="button" className="focus-picker" onClick={pick} onKeyDown={onKey} aria-describedby={hint}
        aria-label={i.t('media.focusLabel', { x: focus.x.toFixed(1), y: focus.y.toFixed(1) })}>
        <img src={src} alt="" />
        <span className="focus-point" style={pct} aria-hidden="true" />
      </button>
      <p className="dim small" id={hint}>{i.t('media.focusHint')}</p>
    </>
  )
}

export function AltTextDialog({ draftKey, upload, n, onClose }: { draftKey: string; upload: Upload; n: number; onClose(): void }) {
  const i = useI18n()
  const limit = useStore(instance, (x) => x?.configuration.media_attachments?.description_limit) ?? 1500
  const [text, setText] = useState(upload.description)
  const [focus, setFocus] = useState(upload.focus)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const ids = useId()
  const area = useRef<HTMLTextAreaElement>(null)
  // After the dialog opened (its own effect runs first): the text is what most people came to write.
  useEffect(() => { area.current?.focus() }, [])
  const length = [...text].length
  const over = length > limit
  const save = async () => {
    setBusy(true)
    setError(null)
    try { await setMeta(draftKey, upload.key, text.trim(), focus); onClose() } catch (e) { setError(errorText(e)) } finally { setBusy(false) }
  }
  // In a portal: the composer is a <form>, and a dialog opened from it must not be part of it.
  return createPortal(
    <Dialog title={i.t('media.altTitle', { n })} onClose={onClose}>
      <div className="alt-editor">
        {upload.preview ? <FocusPicker src={upload.preview} focus={focus} onChange={setFocus} /> : null}
        <label htmlFor={`${ids}-alt`} className="block-label">{i.t('media.altLabel')}</label>
        <textarea id={`${ids}-alt`} rows={4} value={text} ref={area} aria-describedby={`${ids}-count`} placeholder={i.t('media.altPlaceholder')}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !over) { e.preventDefault(); void save() } }} />
        <p className={`alt-count${over ? ' over' : ''}`} id={`${ids}-count`}>{i.t('media.altCount', { count: length, max: limit })}</p>
        {error ? <p className="form-error" role="alert">{error}</p> : null}
        <div className="row dialog-actions">
          <span className="spacer" />
          <button type="button" className="button ghost" onClick={onClose}>{i.t('app.cancel')}</button>
          <button type="button" className="button primary" disabled={busy || over} onClick={() => void save()}>{i.t('app.save')}</button>
        </div>
      </div>
    </Dialog>,
    document.body,
  )
}
