// The room's public link, with a button that copies it.
import { useState } from 'react'
import { useI18n } from '../../i18n/index.ts'
import { Icon } from '../Icon.tsx'

export function ShareLink({ url }: { url: string }) {
  const i = useI18n()
  const [copied, setCopied] = useState(false)
  const copy = async () => {
    try { await navigator.clipboard.writeText(url); setCopied(true); setTimeout(() => setCopied(false), 3000) } catch { setCopied(false) }
  }
  return (
    <p className="share-link row wrap">
      <a href={url} translate="no">{url}</a>
      <button type="button" className="button small" onClick={() => void copy()}><Icon name="link" size={16} /> {i.t('rooms.copyLink')}</button>
      <span role="status" className="dim">{copied ? i.t('rooms.copied') : ''}</span>
    </p>
  )
}
