// Editing one's own profile: avatar and header (previewed before saving), name, bio,
// up to four fields, locked and bot flags.
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { api } from '../../api/client.ts'
import type { CredentialAccount } from '../../api/types.ts'
import { profilePath } from '../../components/AccountBits.tsx'
import { useI18n } from '../../i18n/index.ts'
import { navigate } from '../../router.tsx'
import { session } from '../../state/session.ts'
import { useStore } from '../../state/store.ts'
import { errorText, toast } from '../../state/ui.ts'

const FIELD_ROWS = 4
const IMAGE_TYPES = 'image/png,image/jpeg,image/webp,image/gif'

/** A blob: URL for a chosen file while it is shown, revoked after. */
function usePreview(file: File | null): string | null {
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => {
    if (!file) { setUrl(null); return }
    const u = URL.createObjectURL(file)
    setUrl(u)
    return () => URL.revokeObjectURL(u)
  }, [file])
  return url
}

function PickButton({ label, onFile }: { label: string; onFile(f: File): void }) {
  const input = useRef<HTMLInputElement>(null)
  return (
    <>
      <input ref={input} type="file" hidden accept={IMAGE_TYPES} onChange={(e) => { const f = e.target.files?.[0]; if (f) onFile(f); e.target.value = '' }} />
      <button type="button" className="button small" onClick={() => input.current?.click()}>{label}</button>
    </>
  )
}

function Pictures({ me, avatar, header, setAvatar, setHeader }: { me: CredentialAccount; avatar: File | null; header: File | null; setAvatar(f: File): void; setHeader(f: File): void }) {
  const i = useI18n()
  const avatarUrl = usePreview(avatar)
  const headerUrl = usePreview(header)
  const shownHeader = headerUrl ?? (me.header_static.includes('/missing.png') ? null : me.header_static)
  return (
    <fieldset className="stack">
      <legend>{i.t('profile.pictures')}</legend>
      <div className="picture-preview">
        <div className="profile-header" role="img" aria-label={headerUrl ? i.t('profile.newHeader') : i.t('profile.header')}
          style={{ backgroundImage: shownHeader ? `url("${shownHeader}")` : undefined }} />
        <img className="avatar big" src={avatarUrl ?? me.avatar_static} width={96} height={96}
          alt={avatarUrl ? i.t('profile.newAvatar') : i.t('profile.avatar', { name: me.display_name || me.username })} />
      </div>
      <div className="row wrap">
        <PickButton label={i.t('profile.changeAvatar')} onFile={setAvatar} />
        <PickButton label={i.t('profile.changeHeader')} onFile={setHeader} />
      </div>
      <p className="dim small">{i.t('profile.picturesHint')}</p>
    </fieldset>
  )
}

function Form({ me }: { me: CredentialAccount }) {
  const i = useI18n()
  const rows = [...me.source.fields, ...Array.from({ length: FIELD_ROWS }, () => ({ name: '', value: '' }))].slice(0, FIELD_ROWS)
  const [f, setF] = useState({ display_name: me.display_name, note: me.source.note, locked: me.locked, bot: me.bot, fields: rows.map((r) => ({ name: r.name, value: r.value })) })
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [avatar, setAvatar] = useState<File | null>(null)
  const [header, setHeader] = useState<File | null>(null)
  async function submit(e: FormEvent) {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      // Pictures first, as multipart: a refused file (too big, wrong type) stops before anything else changes.
      if (avatar || header) {
        const form = new FormData()
        if (avatar) form.append('avatar', avatar, avatar.name || 'avatar')
        if (header) form.append('header', header, header.name || 'header')
        const withPictures = await api.patch<CredentialAccount>('/api/v1/accounts/update_credentials', form)
        session.set((s) => ({ ...s, me: withPictures }))
        setAvatar(null); setHeader(null)
      }
      const updated = await api.patch<CredentialAccount>('/api/v1/accounts/update_credentials', {
        display_name: f.display_name, note: f.note, locked: f.locked, bot: f.bot,
        fields_attributes: f.fields.filter((x) => x.name.trim() || x.value.trim()),
      })
      session.set((s) => ({ ...s, me: updated }))
      toast(i.t('app.saved'))
      navigate(profilePath(updated))
    } catch (err) { setError(errorText(err)) } finally { setBusy(false) }
  }
  const setField = (n: number, k: 'name' | 'value', v: string) => setF({ ...f, fields: f.fields.map((x, j) => (j === n ? { ...x, [k]: v } : x)) })
  return (
    <form className="card stack" onSubmit={submit}>
      <Pictures me={me} avatar={avatar} header={header} setAvatar={setAvatar} setHeader={setHeader} />
      <label htmlFor="pe-name">{i.t('profile.displayName')}</label>
      <input id="pe-name" value={f.display_name} maxLength={30} onChange={(e) => setF({ ...f, display_name: e.target.value })} />
      <label htmlFor="pe-note">{i.t('profile.bio')}</label>
      <textarea id="pe-note" rows={4} maxLength={500} value={f.note} onChange={(e) => setF({ ...f, note: e.target.value })} />
      <fieldset className="stack">
        <legend>{i.t('profile.fields')}</legend>
        {f.fields.map((x, n) => (
          <div className="row" key={n}>
            <input aria-label={i.t('profile.fieldName', { n: n + 1 })} placeholder={i.t('profile.fieldName', { n: n + 1 })} value={x.name} maxLength={255} onChange={(e) => setField(n, 'name', e.target.value)} />
            <input aria-label={i.t('profile.fieldValue', { n: n + 1 })} placeholder={i.t('profile.fieldValue', { n: n + 1 })} value={x.value} maxLength={255} onChange={(e) => setField(n, 'value', e.target.value)} />
          </div>
        ))}
      </fieldset>
      <label className="inline"><input type="checkbox" checked={f.locked} onChange={(e) => setF({ ...f, locked: e.target.checked })} /><span>{i.t('profile.lockedLabel')}</span></label>
      <label className="inline"><input type="checkbox" checked={f.bot} onChange={(e) => setF({ ...f, bot: e.target.checked })} /><span>{i.t('profile.botLabel')}</span></label>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      <button type="submit" className="button primary" disabled={busy}>{i.t('app.save')}</button>
    </form>
  )
}

export default function ProfileEditView() {
  const i = useI18n()
  const me = useStore(session, (s) => s.me)
  return (
    <div className="settings">
      <h1 className="view-title">{i.t('profile.edit')}</h1>
      {me ? <Form me={me} /> : <span className="spinner" aria-hidden="true" />}
    </div>
  )
}
