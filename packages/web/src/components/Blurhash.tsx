// The blurred stand-in of an image that is loading, processing or hidden as sensitive.
import { useEffect, useRef } from 'react'
import { decodeBlurhash } from '../shared/blurhash.ts'

// The hash holds a handful of colours: a tiny canvas scaled up by CSS looks the same as a big one.
const W = 32
const H = 32

/** A decorative canvas filling its parent; nothing (the parent's neutral tile) when there is no hash. */
export function Blurhash({ hash }: { hash: string | null | undefined }) {
  const ref = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const px = hash ? decodeBlurhash(hash, W, H) : null
    const ctx = ref.current?.getContext('2d')
    if (!px || !ctx) return
    const img = ctx.createImageData(W, H)
    img.data.set(px)
    ctx.putImageData(img, 0, 0)
  }, [hash])
  if (!hash) return null
  return <canvas ref={ref} className="blurhash" width={W} height={H} aria-hidden="true" />
}
