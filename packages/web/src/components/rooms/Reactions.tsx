// Reactions: a bar of the emoji the server accepts, and the ones sent by everyone
// floating up over the stage for a moment (still, when motion is reduced).
import { REACTIONS, rooms, type Room } from '../../api/rooms.ts'
import { useI18n } from '../../i18n/index.ts'
import { toastError } from '../../state/ui.ts'
import type { FloatingReaction } from '../../rooms/useRoom.ts'

export function ReactionBar({ room }: { room: Room }) {
  const i = useI18n()
  // The answer changes nothing on the page: the reaction comes back through the events.
  const send = (emoji: string) => { rooms.react(room.id, emoji).catch(toastError) }
  return (
    <div className="reaction-bar" role="group" aria-label={i.t('rooms.react')}>
      {REACTIONS.map((e) => (
        <button key={e} type="button" className="reaction-button" aria-label={i.t('rooms.reactWith', { emoji: e })} title={i.t('rooms.reactWith', { emoji: e })} onClick={() => send(e)}>{e}</button>
      ))}
    </div>
  )
}

/** The reactions of the last seconds, decorative (each is also not worth announcing). */
export function FloatingReactions({ reactions }: { reactions: FloatingReaction[] }) {
  return (
    <div className="reaction-layer" aria-hidden="true">
      {reactions.map((r) => (
        <span key={r.key} className="reaction-float" data-account={r.accountId} style={{ left: `${10 + ((r.key * 37) % 80)}%` }}>{r.emoji}</span>
      ))}
    </div>
  )
}
