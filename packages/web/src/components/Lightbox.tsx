// The image viewer: one attachment at full size with its description under it,
// previous/next (buttons, arrow keys, a swipe) when the post has several. Built on a
// modal <dialog>, like Dialog.tsx: focus stays inside, Escape closes, and focus goes
// back to the tile that opened it.
import { useEffect, useRef, useState, type PointerEvent } from 'react'
import type { MediaAttachment } from '../api/types.ts'
import { useI18n } from '../i18n/index.ts'
import { useStore } from '../state/store.ts'
import { lightbox } from '../state/ui.ts'
import { Icon } from './Icon.tsx'

// A horizontal move shorter than this is a tap (or a shaky hand), not a swipe.
const SWIPE_PX = 50

function Media({ m }: { m: MediaAttachment }) {
  const src = m.url ?? m.preview_url ?? undefined
  if (m.type === 'gifv') return <video src={src} autoPlay loop muted playsInline aria-label={m.description ?? undefined} />
  if (m.type === 'video') return <video src={src} controls playsInline aria-label={m.description ?? undefined} />
  // Animated images (GIF, animated WebP) play by themselves in an <img>.
  return <img src={src} alt={m.description ?? ''} />
}

function Viewer({ media, start }: { media: MediaAttachment[]; start: number }) {
  const i = useI18n()
  const ref = useRef<HTMLDialogElement>(null)
  const closeButton = useRef<HTMLButtonElement>(null)
  const [index, setIndex] = useState(start)
  const swipe = useRef<{ x: number; y: number } | null>(null)
  const close = () => lightbox.set(null)
  useEffect(() => {
    const d = ref.current!
    const before = document.activeElement as HTMLElement | null
    d.showModal()
    closeButton.current?.focus()
    return () => { d.close(); before?.focus?.() }
  }, [])

  const count = media.length
  const many = count > 1
  const go = (step: number) => setIndex((n) => (n + step + count) % count)
  const m = media[index]

  const onPointerUp = (e: PointerEvent) => {
    const from = swipe.current
    swipe.current = null
    if (!from || !many) return
    const dx = e.clientX - from.x
    if (Math.abs(dx) > SWIPE_PX && Math.abs(dx) > Math.abs(e.clientY - from.y)) go(dx < 0 ? 1 : -1)
  }

  return (
    <dialog ref={ref} className="lightbox" aria-label={i.t('media.viewer')}
      onCancel={(e) => { e.preventDefault(); close() }}
      onKeyDown={(e) => {
        if (!many || e.altKey || e.ctrlKey || e.metaKey) return
        if (e.key === 'ArrowLeft') { e.preventDefault(); go(-1) } else if (e.key === 'ArrowRight') { e.preventDefault(); go(1) }
      }}
      onClick={(e) => { if (e.target === ref.current || (e.target as HTMLElement).classList.contains('lightbox-stage')) close() }}
      onPointerDown={(e) => { swipe.current = { x: e.clientX, y: e.clientY } }} onPointerUp={onPointerUp}>
      <div className="lightbox-bar">
        {many ? <span className="lightbox-position" aria-live="polite">{i.t('media.position', { n: index + 1, count })}</span> : null}
        <span className="spacer" />
        {m.url ? (
          <a className="icon-button" href={m.url} target="_blank" rel="noopener noreferrer" aria-label={i.t('media.original')} title={i.t('media.original')}>
            <Icon name="external" />
          </a>
        ) : null}
        <button type="button" className="icon-button" aria-label={i.t('app.close')} title={i.t('app.close')} onClick={close} ref={closeButton}><Icon name="close" /></button>
      </div>
      <figure className="lightbox-stage">
        <Media key={m.id} m={m} />
        {m.description ? <figcaption className="lightbox-alt">{m.description}</figcaption> : null}
      </figure>
      {many ? (
        <>
          <button type="button" className="lightbox-nav prev" aria-label={i.t('media.prev')} title={i.t('media.prev')} onClick={() => go(-1)}><Icon name="back" size={24} /></button>
          <button type="button" className="lightbox-nav next" aria-label={i.t('media.next')} title={i.t('media.next')} onClick={() => go(1)}><Icon name="forward" size={24} /></button>
        </>
      ) : null}
    </dialog>
  )
}

/** The viewer when open (see `openLightbox` in state/ui.ts). */
export function Lightbox() {
  const open = useStore(lightbox)
  if (!open) return null
  return <Viewer key={open.media.map((m) => m.id).join()} media={open.media} start={open.index} />
}
