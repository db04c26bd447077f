// A listener's audio: the room's LL-HLS playlist through hls.js (loaded only when
// someone presses Listen: browsers start audio only after a gesture), or Safari's own
// HLS. A playlist that is not there yet (the broadcast is starting) is retried with
// jittered backoff while "Waiting for the room to start…" shows.
import { useEffect, useRef, useState } from 'react'
import { useI18n } from '../../i18n/index.ts'
import { Icon } from '../Icon.tsx'

type HlsCtor = typeof import('hls.js').default

interface Props {
  /** the playlist; null while the server has none yet */
  src: string | null
  /** a replay rather than the live room */
  replay?: boolean
  /** asked (with backoff) while there is no playlist, so the room is re-read */
  onMissing(): void
  /** plays at once, without a press: for a speaker just moved off the stage, whose page already had their gesture */
  autoStart?: boolean
}

const backoff = (n: number) => Math.min(10_000, 1000 + 500 * 2 ** Math.min(n, 4)) * (0.7 + Math.random() * 0.6)

export function ListenPlayer({ src, replay, onMissing, autoStart }: Props) {
  const i = useI18n()
  const audio = useRef<HTMLAudioElement>(null)
  const [wanted, setWanted] = useState(autoStart === true)
  const [waiting, setWaiting] = useState(false)
  const [playing, setPlaying] = useState(false)
  const [volume, setVolume] = useState(1)
  // A state only to re-run the effect; the failure count lives in a ref (resetting it must not restart playback).
  const [attempt, setAttempt] = useState(0)
  const failures = useRef(0)

  useEffect(() => {
    if (!wanted) return
    const el = audio.current!
    let alive = true
    let timer: ReturnType<typeof setTimeout> | null = null
    let hls: InstanceType<HlsCtor> | null = null
    const again = () => {
      if (!alive || timer) return
      setWaiting(true)
      timer = setTimeout(() => { timer = null; if (alive) setAttempt((n) => n + 1) }, backoff(failures.current++))
    }
    if (!src) {
      setWaiting(true)
      timer = setTimeout(() => { timer = null; if (alive) { onMissing(); setAttempt((n) => n + 1) } }, backoff(failures.current++))
      return () => { alive = false; if (timer) clearTimeout(timer) }
    }
    const play = () => { void el.play().catch(() => {}) }
    const native = el.canPlayType('application/vnd.apple.mpegurl') !== ''
    void import('hls.js/light').then(({ default: Hls }) => {
      if (!alive) return
      if (Hls.isSupported()) {
        // No worker: the app's Content-Security-Policy does not allow blob: workers.
        hls = new Hls({ lowLatencyMode: !replay, enableWorker: false })
        hls.on(Hls.Events.MANIFEST_PARSED, () => { failures.current = 0; setWaiting(false); play() })
        hls.on(Hls.Events.ERROR, (_e, data) => {
          if (!data.fatal) return
          if (data.type === Hls.ErrorTypes.MEDIA_ERROR) { hls?.recoverMediaError(); return }
          hls?.destroy()
          hls = null
          again()
        })
        hls.loadSource(src)
        hls.attachMedia(el)
      } else if (native) {
        el.src = src
        el.onloadedmetadata = () => { failures.current = 0; setWaiting(false); play() }
        el.onerror = () => again()
        play()
      } else {
        again()
      }
    }, () => again())
    return () => {
      alive = false
      if (timer) clearTimeout(timer)
      hls?.destroy()
      el.onloadedmetadata = null
      el.onerror = null
      el.removeAttribute('src')
    }
  }, [wanted, src, attempt])

  useEffect(() => { if (audio.current) audio.current.volume = volume }, [volume])

  const toggle = () => {
    const el = audio.current!
    if (el.paused) void el.play().catch(() => {})
    else el.pause()
  }

  return (
    <div className="room-player">
      <audio ref={audio} onPlay={() => setPlaying(true)} onPause={() => setPlaying(false)} />
      {!wanted ? (
        <button type="button" className="button primary big listen-button" onClick={() => setWanted(true)}>
          <Icon name="headphones" /> {replay ? i.t('rooms.playReplay') : i.t('rooms.listen')}
        </button>
      ) : (
        <div className="row wrap">
          <button type="button" className="button" onClick={toggle} disabled={waiting}>
            {playing ? i.t('rooms.pause') : i.t('rooms.play')}
          </button>
          <label className="row volume">
            <span>{i.t('rooms.volume')}</span>
            <input type="range" min={0} max={1} step={0.05} value={volume} onChange={(e) => setVolume(Number(e.target.value))} />
          </label>
          {waiting ? <p className="dim" role="status">{replay ? i.t('rooms.replayLoading') : i.t('rooms.waitingStart')}</p> : null}
        </div>
      )}
    </div>
  )
}
