// The preview of a link in a post: image, site, title and description, the whole card
// one plain link that opens in a new tab. The card's `html` (an embed from the remote
// site) is never rendered: no iframe and no markup from another server.
import type { PreviewCard } from '../api/types.ts'
import { Blurhash } from './Blurhash.tsx'
import { Icon } from './Icon.tsx'

function hostOf(url: string): string {
  try { return new URL(url).hostname.replace(/^www\./, '') } catch { return url }
}

/** Wide pictures (a photo, a video still) go above the text; others are a thumbnail beside it. */
const isWide = (c: PreviewCard) => !!c.image && c.width >= 400 && c.width >= c.height * 1.3

export function LinkCard({ card }: { card: PreviewCard }) {
  const wide = isWide(card)
  const site = card.provider_name || hostOf(card.url)
  return (
    <a className={`link-card${wide ? ' wide' : ''}`} href={card.url} target="_blank" rel="noopener noreferrer nofollow">
      <span className="link-card-image" style={wide ? { aspectRatio: String(Math.max(1.6, Math.min(2.2, card.width / card.height))) } : undefined}>
        {card.image ? (
          <>
            <Blurhash hash={card.blurhash} />
            <img src={card.image} alt={card.image_description ?? ''} loading="lazy" decoding="async" />
          </>
        ) : <Icon name="link" size={28} />}
      </span>
      <span className="link-card-text">
        <span className="link-card-site">{site}</span>
        <strong className="link-card-title">{card.title || hostOf(card.url)}</strong>
        {card.description ? <span className="link-card-desc">{card.description}</span> : null}
      </span>
    </a>
  )
}
