// Live captions under the stage: the last line of each speaker who has captions on.
import type { Room } from '../../api/rooms.ts'
import type { Caption } from '../../rooms/useRoom.ts'
import { useI18n } from '../../i18n/index.ts'
import { nameOf } from '../AccountBits.tsx'

export function Captions({ room, captions }: { room: Room; captions: Caption[] }) {
  const i = useI18n()
  if (captions.length === 0) return null
  const names = new Map(room.speakers.map((s) => [s.account.id, nameOf(s.account)]))
  return (
    <div className="captions" role="region" aria-label={i.t('rooms.captions')}>
      {captions.map((c) => <p key={c.key}><strong>{names.get(c.accountId) ?? '…'}:</strong> {c.text}</p>)}
    </div>
  )
}
