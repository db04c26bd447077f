// A modal built on <dialog>: the browser traps focus, makes the page inert, closes on
// Escape and returns focus to where it was. A dialog opened from inside another (alt
// text from the compose dialog) closes alone: its cancel does not reach the outer one.
import { useEffect, useRef, type ReactNode } from 'react'
import { useI18n } from '../i18n/index.ts'
import { Icon } from './Icon.tsx'

export function Dialog({ title, onClose, children, wide }: { title: string; onClose(): void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null)
  const i = useI18n()
  useEffect(() => {
    const d = ref.current!
    const before = document.activeElement as HTMLElement | null
    d.showModal()
    return () => { d.close(); before?.focus?.() }
  }, [])
  return (
    <dialog ref={ref} className={`dialog${wide ? ' wide' : ''}`} aria-label={title} onCancel={(e) => { e.preventDefault(); e.stopPropagation(); onClose() }}
      onClick={(e) => { if (e.target === ref.current) onClose() }}>
      <div className="dialog-head">
        <h2>{title}</h2>
        <button type="button" className="icon-button" aria-label={i.t('app.close')} onClick={onClose}><Icon name="close" /></button>
      </div>
      {children}
    </dialog>
  )
}
