// The server's documents: the extended description and the privacy policy.
// They come from configuration, so "last updated" is when this process read it.
import type { AppContext } from '../../context.ts'
import { escapeHtml, iso } from '../../views/html.ts'

const loadedAt = Date.now()

/** The "about" text, as HTML paragraphs. */
export function extendedDescription(ctx: AppContext) {
  const paragraphs = ctx.config.instanceDescription.split(/\n{2,}/).filter((p) => p.trim())
  return { updated_at: iso(loadedAt), content: paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('') }
}

/** A plain privacy policy describing what Phare stores; an operator-written one can replace it later. */
export function privacyPolicy(ctx: AppContext) {
  const title = escapeHtml(ctx.config.instanceTitle)
  const contact = ctx.config.contactEmail ? ` Contact: ${escapeHtml(ctx.config.contactEmail)}.` : ''
  const content = [
    `<h1>Privacy policy of ${title}</h1>`,
    '<p>This server stores what you give it to run your account: your e-mail address, a hash of your password, your profile, your posts and your interactions.</p>',
    '<p>Public and unlisted posts can be read by anyone; followers-only posts by your followers; direct posts by the people mentioned. Server administrators can read everything stored here.</p>',
    `<p>You can delete your posts at any time. To delete your account, ask the administrators.${contact}</p>`,
  ].join('')
  return { updated_at: iso(loadedAt), content }
}
