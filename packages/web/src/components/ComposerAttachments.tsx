// The images attached to a post being written: thumbnails with upload progress, the
// server's reason when one is refused, alt text and remove buttons.
import { useState } from 'react'
import { useI18n } from '../i18n/index.ts'
import { removeUpload, useUploads, type Upload } from '../state/uploads.ts'
import { AltTextDialog } from './AltTextDialog.tsx'
import { Icon } from './Icon.tsx'

function Thumb({ u, n }: { u: Upload; n: number }) {
  const i = useI18n()
  const pos = u.focus.x || u.focus.y ? `${((u.focus.x + 1) / 2) * 100}% ${((1 - u.focus.y) / 2) * 100}%` : undefined
  return (
    <div className="attachment-thumb">
      {u.preview ? <img src={u.preview} alt={u.description || i.t('compose.imageN', { n })} style={{ objectPosition: pos }} /> : <Icon name="image" size={28} />}
      {u.state === 'uploading' ? (
        <progress max={1} value={u.progress} aria-label={i.t('compose.uploading', { n })} />
      ) : null}
    </div>
  )
}

export function ComposerAttachments({ draftKey }: { draftKey: string }) {
  const i = useI18n()
  const list = useUploads(draftKey)
  const [editing, setEditing] = useState<string | null>(null)
  if (list.length === 0) return null
  const edited = list.find((u) => u.key === editing)
  return (
    <>
      <ul className="attachments" aria-label={i.t('compose.media')}>
        {list.map((u, k) => {
          const n = k + 1
          return (
            <li key={u.key} className={`attachment${u.state === 'error' ? ' failed' : ''}`}>
              <Thumb u={u} n={n} />
              <div className="attachment-actions">
                {u.state !== 'error' ? (
                  <button type="button" className={`button small alt-button${u.description ? ' done' : ''}`} onClick={() => setEditing(u.key)}
                    aria-label={u.description ? i.t('compose.editAlt', { n }) : i.t('compose.addAlt', { n })}>
                    {u.description ? <Icon name="pen" size={14} /> : <Icon name="plus" size={14} />} ALT
                  </button>
                ) : null}
                <span className="spacer" />
                <button type="button" className="icon-button small-icon" aria-label={i.t('compose.removeMedia', { n })} title={i.t('compose.removeMedia', { n })}
                  onClick={() => removeUpload(draftKey, u.key)}><Icon name="close" size={18} /></button>
              </div>
              {u.state === 'error' ? <p className="attachment-error" role="alert">{u.name ? <strong>{u.name}: </strong> : null}{u.error}</p> : null}
            </li>
          )
        })}
      </ul>
      {edited ? <AltTextDialog draftKey={draftKey} upload={edited} n={list.indexOf(edited) + 1} onClose={() => setEditing(null)} /> : null}
    </>
  )
}
