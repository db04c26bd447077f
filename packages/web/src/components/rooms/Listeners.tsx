// The listener count and, when the server lists them, the signed-in listeners.
import type { Room } from '../../api/rooms.ts'
import { useI18n } from '../../i18n/index.ts'
import { Link } from '../../router.tsx'
import { Avatar, nameOf, profilePath } from '../AccountBits.tsx'

export function Listeners({ room }: { room: Room }) {
  const i = useI18n()
  const list = room.listeners ?? []
  return (
    <section className="listeners" aria-labelledby="listeners-title">
      <h2 id="listeners-title" className="section-title">{i.t('rooms.listeners', { count: room.listener_count })}</h2>
      {list.length ? (
        <ul className="listener-list">
          {list.map((a) => (
            <li key={a.id}><Link to={profilePath(a)} title={nameOf(a)}><Avatar account={a} size={36} label={nameOf(a)} /></Link></li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}
