// What floats above the views: the compose dialog, keyboard help, the image viewer and the toasts.
import { useI18n } from '../i18n/index.ts'
import { useStore } from '../state/store.ts'
import { composer, helpOpen, toasts } from '../state/ui.ts'
import { Composer } from './Composer.tsx'
import { Dialog } from './Dialog.tsx'
import { Lightbox } from './Lightbox.tsx'

function ComposeDialog() {
  const target = useStore(composer)
  const i = useI18n()
  if (!target) return null
  const title = target.replyTo ? i.t('status.reply') : target.quote ? i.t('status.quote') : i.t('compose.label')
  return (
    <Dialog title={title} onClose={() => composer.set(null)}>
      <Composer key={target.replyTo?.id ?? target.quote?.id ?? 'new'} replyTo={target.replyTo} quote={target.quote} startText={target.text} autoFocus onSent={() => composer.set(null)} />
    </Dialog>
  )
}

const KEYS: [string, 'keys.next' | 'keys.prev' | 'keys.new' | 'keys.reply' | 'keys.like' | 'keys.reblog' | 'keys.open' | 'keys.help' | 'keys.escape'][] = [
  ['j', 'keys.next'], ['k', 'keys.prev'], ['n', 'keys.new'], ['r', 'keys.reply'], ['l', 'keys.like'],
  ['t', 'keys.reblog'], ['o', 'keys.open'], ['?', 'keys.help'], ['Esc', 'keys.escape'],
]

function HelpDialog() {
  const open = useStore(helpOpen)
  const i = useI18n()
  if (!open) return null
  return (
    <Dialog title={i.t('keys.title')} onClose={() => helpOpen.set(false)}>
      <dl className="keys">
        {KEYS.map(([k, m]) => <div key={k}><dt><kbd>{k}</kbd></dt><dd>{i.t(m)}</dd></div>)}
      </dl>
    </Dialog>
  )
}

function Toasts() {
  const list = useStore(toasts)
  return (
    <div className="toasts" role="status" aria-live="polite">
      {list.map((t) => <p key={t.id} className={t.error ? 'toast error' : 'toast'}>{t.text}</p>)}
    </div>
  )
}

export function Overlays() {
  return <><ComposeDialog /><HelpDialog /><Lightbox /><Toasts /></>
}
