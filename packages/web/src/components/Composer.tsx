// Writing a post: text with a live counter that counts exactly as the server does,
// content warning, visibility, poll, images (picker, drop or paste), @mention/#hashtag
// suggestions, reply and quote. The draft is saved as it is typed; a refused post keeps
// its text and says why.
import { useEffect, useId, useRef, useState, type ClipboardEvent, type DragEvent, type FormEvent, type KeyboardEvent } from 'react'
import { api, ApiError } from '../api/client.ts'
import { noteReadOnly } from '../state/read-only.ts'
import type { Status, Visibility } from '../api/types.ts'
import { useI18n } from '../i18n/index.ts'
import { statusLength } from '../shared/length.ts'
import { clearDraft, loadDraft, saveDraft, type PollDraft } from '../state/drafts.ts'
import { instance, session } from '../state/session.ts'
import { hasPageLink, refreshUntil } from '../state/refresh.ts'
import { remember } from '../state/statuses.ts'
import { useStore } from '../state/store.ts'
import { timelineStore } from '../state/timeline.ts'
import { errorText, toast } from '../state/ui.ts'
import { addFiles, clearUploads, restoreUploads, savedMedia, useUploads, whenReady } from '../state/uploads.ts'
import { Avatar, nameOf } from './AccountBits.tsx'
import { ComposerAttachments } from './ComposerAttachments.tsx'
import { Icon } from './Icon.tsx'
import { PollEditor } from './PollEditor.tsx'
import { plainText } from './RichText.tsx'
import { applySuggestion, useAutocomplete } from './useAutocomplete.ts'

const ORDER: Visibility[] = ['public', 'unlisted', 'private', 'direct']

/** The files a drag or a paste carries (none for dragged text or links). */
const filesOf = (d: DataTransfer | null) => Array.from(d?.files ?? [])

function initialText(replyTo: Status | undefined, me: string | undefined): string {
  if (!replyTo) return ''
  const accts = [replyTo.account, ...replyTo.mentions].filter((a) => a.id !== me).map((a) => `@${a.acct}`)
  return accts.length ? `${[...new Set(accts)].join(' ')} ` : ''
}

interface Props {
  replyTo?: Status
  quote?: Status
  onSent?(s: Status): void
  autoFocus?: boolean
  /** text to start from when there is no saved draft (a mention from a profile) */
  startText?: string
  /** stable id for the text area, so shortcuts can focus it */
  textId?: string
}

export function Composer({ replyTo, quote, onSent, autoFocus, textId, startText }: Props) {
  const i = useI18n()
  const me = useStore(session, (s) => s.me)
  const limits = useStore(instance, (x) => x?.configuration)
  const max = limits?.statuses.max_characters ?? 500
  const draftKey = replyTo ? `reply:${replyTo.id}` : quote ? `quote:${quote.id}` : 'new'
  const [saved] = useState(() => loadDraft(draftKey))
  const defaultVis = me?.source.privacy ?? 'public'
  const inherited = replyTo && ORDER.indexOf(replyTo.visibility) > ORDER.indexOf(defaultVis) ? replyTo.visibility : defaultVis
  const [text, setText] = useState(saved?.text || startText || initialText(replyTo, me?.id))
  const [cw, setCw] = useState<string | null>(saved?.cw ?? (replyTo?.spoiler_text || null))
  const [visibility, setVisibility] = useState<Visibility>(saved?.visibility ?? (quote && inherited === 'private' ? 'public' : inherited))
  const [poll, setPoll] = useState<PollDraft | null>(saved?.poll ?? null)
  const [error, setError] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  const [caret, setCaret] = useState(0)
  const area = useRef<HTMLTextAreaElement>(null)
  const ids = useId()
  const ac = useAutocomplete(text, caret)
  const uploads = useUploads(draftKey)
  const picker = useRef<HTMLInputElement>(null)
  const [dragging, setDragging] = useState(false)
  const [sensitiveMedia, setSensitiveMedia] = useState(false)
  const maxMedia = limits?.statuses.max_media_attachments ?? 4
  const mediaTypes = limits?.media_attachments?.supported_mime_types.filter((t) => t.startsWith('image/'))

  useEffect(() => { restoreUploads(draftKey, saved?.media) }, [draftKey])
  // Upload progress changes `uploads` often; the draft only changes when what it keeps does.
  const mediaDraft = JSON.stringify(savedMedia(uploads))
  useEffect(() => { saveDraft(draftKey, { text, cw, visibility, poll, media: JSON.parse(mediaDraft) }) }, [text, cw, visibility, poll, mediaDraft, draftKey])
  useEffect(() => {
    if (!autoFocus || !area.current) return
    area.current.focus()
    area.current.setSelectionRange(area.current.value.length, area.current.value.length)
  }, [autoFocus])

  const length = statusLength(text, cw ?? '')
  const remaining = max - length
  const pollOk = !poll || poll.options.filter((o) => o.trim()).length >= 2
  const mediaOk = !uploads.some((u) => u.state === 'error')
  const canSend = !sending && (text.trim() !== '' || uploads.length > 0) && remaining >= 0 && pollOk && mediaOk
  const uploading = uploads.some((u) => u.state === 'uploading')

  function attach(files: File[]) {
    if (files.length === 0 || poll) return
    setError(addFiles(draftKey, files, maxMedia) > 0 ? i.t('compose.mediaLimit', { count: maxMedia }) : null)
  }
  function onPaste(e: ClipboardEvent) {
    const files = filesOf(e.clipboardData)
    if (files.length === 0) return
    // An image copied from a page often comes with its text too; then both are pasted.
    if (!e.clipboardData.types.includes('text/plain')) e.preventDefault()
    attach(files)
  }
  const dragHasFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files')

  async function send(e?: FormEvent) {
    e?.preventDefault()
    if (!canSend) return
    setSending(true)
    setError(null)
    try {
      // Waits for the uploads to be accepted (not for the server to finish processing them).
      const media_ids = await whenReady(draftKey)
      const s = await api.post<Status>('/api/v1/statuses', {
        status: text, visibility, media_ids, spoiler_text: cw ?? '', sensitive: !!cw || (sensitiveMedia && media_ids.length > 0),
        in_reply_to_id: replyTo?.id ?? null, quoted_status_id: quote?.id ?? null,
        poll: poll ? { options: poll.options.filter((o) => o.trim()), expires_in: poll.expiresIn, multiple: poll.multiple } : null,
      })
      remember(s)
      // Its link preview is fetched after posting: pick it up when it is there.
      if (!s.card && !s.media_attachments?.length && hasPageLink(s)) refreshUntil(s.id, (x) => !!x.card, [1500, 3000, 6000, 12_000])
      // The reader's own post goes straight into their home timeline (the stream would only offer it as "new").
      const home = timelineStore<Status>('home')
      if (home.get().next !== undefined) home.set((st) => st.items.some((x) => x.id === s.id) ? st : { ...st, items: [s, ...st.items], pending: st.pending.filter((p) => p.id !== s.id) })
      clearDraft(draftKey)
      clearUploads(draftKey)
      setText(''); setCw(null); setPoll(null); setSensitiveMedia(false)
      toast(i.t('compose.sent'))
      onSent?.(s)
    } catch (err) {
      // Read-only mode: the text stays here (and in the saved draft); say why and that it can be sent later.
      if (err instanceof ApiError && err.code === 'read_only') {
        noteReadOnly(err.message)
        setError(i.t('compose.readOnly'))
      } else setError(errorText(err))
    } finally {
      setSending(false)
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (ac.items.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault()
        ac.setActive((ac.active + (e.key === 'ArrowDown' ? 1 : ac.items.length - 1)) % ac.items.length)
        return
      }
      if (e.key === 'Enter' || e.key === 'Tab') { e.preventDefault(); choose(ac.active); return }
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); ac.close(); return }
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); void send() }
  }

  function choose(n: number) {
    const s = ac.items[n]
    if (!s || !ac.token) return
    const r = applySuggestion(text, ac.token.start, caret, s)
    setText(r.text)
    ac.close()
    requestAnimationFrame(() => { area.current?.focus(); area.current?.setSelectionRange(r.caret, r.caret); setCaret(r.caret) })
  }

  const listId = `${ids}-suggestions`
  const counterLabel = remaining >= 0 ? i.t('compose.remaining', { count: remaining }) : i.t('compose.over', { count: -remaining })
  return (
    <form className={`composer${dragging ? ' dragging' : ''}`} onSubmit={send} aria-label={replyTo ? i.t('compose.sendReply') : i.t('compose.label')}
      onDragOver={(e) => { if (!dragHasFiles(e)) return; e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; setDragging(true) }}
      onDragLeave={(e) => { if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false) }}
      onDrop={(e) => { if (!dragHasFiles(e)) return; e.preventDefault(); setDragging(false); attach(filesOf(e.dataTransfer)) }}>
      {dragging ? <p className="drop-hint" aria-hidden="true"><Icon name="image" /> {i.t('compose.dropHere')}</p> : null}
      {replyTo ? <p className="context-line"><Icon name="reply" size={14} /> {i.t('compose.replyingTo', { name: nameOf(replyTo.account) })}</p> : null}
      <div className="composer-row">
        {me ? <Avatar account={me} size={40} /> : null}
        <div className="composer-fields">
          {cw !== null ? (
            <input type="text" className="cw-input" value={cw} onChange={(e) => setCw(e.target.value)}
              aria-label={i.t('compose.cw')} placeholder={i.t('compose.cwPlaceholder')} />
          ) : null}
          <div className="textarea-wrap">
            <textarea ref={area} id={textId} value={text} rows={replyTo ? 3 : 4} aria-label={i.t('compose.text')}
              placeholder={replyTo ? i.t('compose.replyPlaceholder') : i.t('compose.placeholder')}
              aria-autocomplete="list" aria-controls={ac.items.length ? listId : undefined}
              aria-activedescendant={ac.items.length ? `${listId}-${ac.active}` : undefined}
              onChange={(e) => { setText(e.target.value); setCaret(e.target.selectionStart); setError(null) }}
              onSelect={(e) => setCaret(e.currentTarget.selectionStart)} onKeyDown={onKeyDown} onPaste={onPaste} />
            {ac.items.length ? (
              <ul className="suggestions" role="listbox" id={listId} aria-label={i.t('compose.suggestions')}>
                {ac.items.map((s, n) => (
                  <li key={s.kind === 'account' ? s.account.id : s.tag.name} id={`${listId}-${n}`} role="option" aria-selected={n === ac.active}
                    onMouseDown={(e) => { e.preventDefault(); choose(n) }}>
                    {s.kind === 'account'
                      ? <><Avatar account={s.account} size={24} /> <bdi>{nameOf(s.account)}</bdi> <span className="acct">@{s.account.acct}</span></>
                      : <><Icon name="hash" size={16} /> {s.tag.name}</>}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
          {quote ? (
            <div className="quote compose-quote">
              <p className="context-line">{i.t('compose.quoting', { name: nameOf(quote.account) })}</p>
              <p className="quote-text">{quote.spoiler_text || plainText(quote.content)}</p>
            </div>
          ) : null}
          <ComposerAttachments draftKey={draftKey} />
          {poll ? <PollEditor poll={poll} onChange={setPoll} limits={limits?.polls} /> : null}
          {error ? <p className="form-error" role="alert">{error}</p> : null}
          <div className="composer-bar">
            <input ref={picker} type="file" hidden multiple accept={mediaTypes?.length ? mediaTypes.join(',') : 'image/*'}
              onChange={(e) => { attach(Array.from(e.target.files ?? [])); e.target.value = '' }} />
            <button type="button" className="icon-button" aria-label={i.t('compose.addMedia')} title={i.t('compose.addMedia')}
              disabled={!!poll || uploads.length >= maxMedia} onClick={() => picker.current?.click()}><Icon name="image" /></button>
            {uploads.length > 0 ? (
              <button type="button" className="icon-button" aria-pressed={sensitiveMedia || cw !== null} disabled={cw !== null}
                aria-label={i.t('compose.markSensitive')} title={i.t('compose.markSensitive')} onClick={() => setSensitiveMedia(!sensitiveMedia)}><Icon name="eyeOff" /></button>
            ) : null}
            <button type="button" className="icon-button" aria-pressed={cw !== null} aria-label={i.t('compose.cwToggle')} title={i.t('compose.cwToggle')}
              onClick={() => setCw(cw === null ? '' : null)}><Icon name="warning" /></button>
            <button type="button" className="icon-button" aria-pressed={poll !== null} aria-label={i.t('compose.poll')} title={i.t('compose.poll')}
              disabled={!!quote || uploads.length > 0} onClick={() => setPoll(poll ? null : { options: ['', ''], expiresIn: 86_400, multiple: false })}><Icon name="poll" /></button>
            <select className="visibility" value={visibility} aria-label={i.t('compose.visibility')} onChange={(e) => setVisibility(e.target.value as Visibility)}>
              {ORDER.map((v) => <option key={v} value={v}>{i.t(`status.visibility.${v}`)}</option>)}
            </select>
            <span className="spacer" />
            <output className={`counter${remaining < 0 ? ' over' : remaining < 20 ? ' near' : ''}`} aria-live="off" aria-label={counterLabel} title={counterLabel}>{remaining}</output>
            <button type="submit" className="button primary" disabled={!canSend}>
              {sending ? (uploading ? i.t('compose.waitingUploads') : i.t('compose.sending')) : replyTo ? i.t('compose.sendReply') : i.t('compose.send')}
            </button>
          </div>
        </div>
      </div>
    </form>
  )
}
