// The read-only banner: while the server refuses writes, everyone sees why (the server's
// message or the admin's) and that reading still works. It goes by itself when writes come back.
import { useEffect } from 'react'
import { useI18n } from '../i18n/index.ts'
import { useStore } from '../state/store.ts'
import { readOnly, watchReadOnly } from '../state/read-only.ts'

export function ReadOnlyBanner() {
  const i = useI18n()
  const state = useStore(readOnly)
  useEffect(() => watchReadOnly(), [])
  if (!state.read_only) return null
  return (
    <div className="status-banner read-only-banner" role="status">
      <strong>{i.t('readOnly.title')}</strong> {state.message ?? i.t('readOnly.default')}
    </div>
  )
}
