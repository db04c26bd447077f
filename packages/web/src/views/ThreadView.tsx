// A post with its conversation: the chain of posts it answers above, the post
// itself, then the replies as a tree (each reply under the post it answers).
import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { api } from '../api/client.ts'
import type { Context, Status as StatusT } from '../api/types.ts'
import { Composer } from '../components/Composer.tsx'
import { Status } from '../components/Status.tsx'
import { useI18n } from '../i18n/index.ts'
import { session } from '../state/session.ts'
import { remember, useStatus } from '../state/statuses.ts'
import { useStore } from '../state/store.ts'
import { errorText } from '../state/ui.ts'
import { nameOf } from '../components/AccountBits.tsx'

interface Node { id: string; children: Node[] }

/** Builds the reply tree below `rootId` from the flat descendants list (kept in server order). */
export function replyTree(rootId: string, descendants: Pick<StatusT, 'id' | 'in_reply_to_id'>[]): Node[] {
  const nodes = new Map<string, Node>([[rootId, { id: rootId, children: [] }]])
  for (const d of descendants) nodes.set(d.id, { id: d.id, children: [] })
  for (const d of descendants) {
    // A reply to a post that is hidden from the reader hangs under the root instead of vanishing.
    const parent = nodes.get(d.in_reply_to_id ?? '') ?? nodes.get(rootId)!
    parent.children.push(nodes.get(d.id)!)
  }
  return nodes.get(rootId)!.children
}

function Branch({ nodes, depth }: { nodes: Node[]; depth: number }) {
  if (nodes.length === 0) return null
  return (
    <ol className={`thread-branch depth-${Math.min(depth, 4)}`}>
      {nodes.map((n) => (
        <li key={n.id}>
          <Status id={n.id} inThread />
          <Branch nodes={n.children} depth={depth + 1} />
        </li>
      ))}
    </ol>
  )
}

export function ThreadView({ id }: { id: string }) {
  const i = useI18n()
  const signedIn = useStore(session, (s) => !!s.token)
  const [ctx, setCtx] = useState<Context | null>(null)
  const [error, setError] = useState<unknown>(null)
  const status = useStatus(id)
  const focusRef = useRef<HTMLDivElement>(null)

  const load = () => Promise.all([
    api.get<StatusT>(`/api/v1/statuses/${id}`).then((s) => { remember(s); document.title = `${nameOf(s.account)} · ${document.title.split(' · ').at(-1)}` }),
    api.get<Context>(`/api/v1/statuses/${id}/context`).then((c) => { remember([...c.ancestors, ...c.descendants]); setCtx(c) }),
  ]).catch(setError)
  useEffect(() => { setCtx(null); setError(null); void load() }, [id])
  // The focused post is where the reader wants to be, not the top of the ancestors.
  useLayoutEffect(() => {
    if (!ctx || !focusRef.current) return
    const header = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--header-h')) || 0
    if (ctx.ancestors.length) window.scrollTo(0, focusRef.current.getBoundingClientRect().top + window.scrollY - header - 8)
    focusRef.current.querySelector<HTMLElement>('article')?.focus({ preventScroll: true })
  }, [ctx !== null, id])

  if (error) return <p className="list-footer" role="alert">{errorText(error)}</p>
  if (!status) return <div className="list-footer"><span className="spinner" aria-hidden="true" /><span className="sr-only">{i.t('app.loading')}</span></div>
  const s = status.reblog ?? status
  return (
    <section aria-label={i.t('status.thread')} className="thread">
      <h1 className="sr-only">{i.t('status.thread')}</h1>
      {ctx?.ancestors.length ? (
        <ol className="thread-ancestors">
          {ctx.ancestors.map((a) => <li key={a.id}><Status id={a.id} inThread /></li>)}
        </ol>
      ) : null}
      <div ref={focusRef}><Status id={s.id} focused /></div>
      {signedIn ? <div className="thread-reply"><Composer key={s.id} replyTo={s} onSent={() => void load()} /></div> : null}
      {ctx ? <Branch nodes={replyTree(s.id, ctx.descendants)} depth={0} /> : null}
    </section>
  )
}
