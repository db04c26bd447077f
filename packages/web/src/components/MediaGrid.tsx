// A post's images: one to four tiles laid out by count (one keeps its own shape), each
// cropped around its focus point, with an ALT badge that shows the description. Opening
// a tile shows the lightbox. Sensitive media waits behind a cover until asked for, and
// images the server is still processing show their blurred colours until they are ready.
import { useEffect, useId, useState } from 'react'
import { aspectOf, objectPosition } from '../api/media.ts'
import type { MediaAttachment, Status } from '../api/types.ts'
import { useI18n } from '../i18n/index.ts'
import { refreshUntil } from '../state/refresh.ts'
import { openLightbox } from '../state/ui.ts'
import { Blurhash } from './Blurhash.tsx'
import { Icon } from './Icon.tsx'

function useProcessingRefresh(s: Status): void {
  // A failed upload ('unknown', no URL) will not get better: only real processing is waited for.
  const processing = (s.media_attachments ?? []).some((m) => !m.url && m.type !== 'unknown')
  useEffect(() => {
    if (!processing) return
    return refreshUntil(s.id, (fresh) => (fresh.media_attachments ?? []).every((m) => m.url || m.type === 'unknown'))
  }, [s.id, processing])
}

/** The ALT badge: shows the description over the image until pressed again. */
function AltBadge({ text }: { text: string }) {
  const i = useI18n()
  const [open, setOpen] = useState(false)
  const id = useId()
  return (
    <>
      <button type="button" className="alt-badge" aria-expanded={open} aria-controls={open ? id : undefined} aria-label={i.t('media.altButton')}
        onClick={() => setOpen(!open)}>ALT</button>
      {open ? <p className="alt-popover" id={id}>{text}</p> : null}
    </>
  )
}

function Tile({ m, n, all, label }: { m: MediaAttachment; n: number; all: MediaAttachment[]; label: string }) {
  const i = useI18n()
  const src = m.preview_url ?? m.url
  return (
    <div className="media-tile">
      {m.url ? (
        <button type="button" className="media-open" aria-label={m.description ? undefined : label} onClick={() => openLightbox(all, n)}>
          <Blurhash hash={m.blurhash} />
          {src ? <img src={src} alt={m.description ?? ''} loading="lazy" decoding="async" style={{ objectPosition: objectPosition(m) }} /> : null}
          {m.type === 'video' || m.type === 'gifv' ? <span className="media-kind" aria-hidden="true">{m.type === 'gifv' ? 'GIF' : '▶'}</span> : null}
        </button>
      ) : m.type === 'unknown' ? (
        <div className="media-processing" role="img" aria-label={m.description || i.t('media.unavailable')}><Icon name="image" size={28} /></div>
      ) : (
        <div className="media-processing" role="img" aria-label={m.description ? `${m.description} (${i.t('media.processing')})` : i.t('media.processing')}>
          {m.preview_url ? <img src={m.preview_url} alt="" style={{ objectPosition: objectPosition(m) }} /> : <Blurhash hash={m.blurhash} />}
          <span className="spinner" aria-hidden="true" />
        </div>
      )}
      {m.description ? <AltBadge text={m.description} /> : null}
    </div>
  )
}

/** A single image keeps its shape, within bounds a timeline can show; several share a 16:9 box. */
function boxAspect(media: MediaAttachment[]): number {
  if (media.length > 1) return 16 / 9
  return Math.min(2.2, Math.max(3 / 4, aspectOf(media[0])))
}

export function MediaGrid({ status }: { status: Status }) {
  const i = useI18n()
  const media = (status.media_attachments ?? []).slice(0, 4)
  // Behind a content warning, opening the warning is the consent: no second cover.
  const [shown, setShown] = useState(!status.sensitive || !!status.spoiler_text)
  useProcessingRefresh(status)
  if (media.length === 0) return null
  const count = media.length
  return (
    <div className={`media-grid n${count}`} style={{ aspectRatio: String(boxAspect(media)) }}>
      {shown ? (
        <>
          {media.map((m, n) => <Tile key={m.id} m={m} n={n} all={media} label={i.t('media.open', { n: n + 1, count })} />)}
          {status.sensitive ? (
            <button type="button" className="media-hide icon-button" aria-label={i.t('media.hide')} title={i.t('media.hide')} onClick={() => setShown(false)}>
              <Icon name="eyeOff" size={18} />
            </button>
          ) : null}
        </>
      ) : (
        <button type="button" className="media-cover" onClick={() => setShown(true)}>
          <Blurhash hash={media[0].blurhash} />
          <span className="media-cover-text"><strong>{i.t('media.sensitive')}</strong><span>{i.t('media.show')}</span></span>
        </button>
      )}
    </div>
  )
}
