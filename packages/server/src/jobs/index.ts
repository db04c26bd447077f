import type { AppContext } from '../context.ts'
import distribute from './distribute.ts'
import notify from './notify.ts'
import polls from './polls.ts'
import accountMail from './account-mail.ts'
import media from './media.ts'
import previews from './previews.ts'
import accountDelete from './account-delete.ts'

// Each job module registers its handlers. Handlers must be idempotent: a job can
// run again after a crash between its effect and its deletion from the queue.
//
// Job types and who enqueues them:
//   status.distribute {statusId}          after a post or repost is created (fan-out, streaming)   → distribute.ts
//   status.updated    {statusId, editedAt} after an edit (streaming status.update, update notifications) → distribute.ts
//   status.refreshed  {statusId}          images processed or link card attached (streams only)   → distribute.ts
//   status.deleted    {statusId, accountId} after a delete (home feeds, streaming delete)         → distribute.ts
//   home.follow       {accountId, targetId} after a follow takes effect (backfill home)           → distribute.ts
//   home.unfollow     {accountId, targetId} after unfollow or block (remove from home)            → distribute.ts
//   status.notify     {statusId}          after a post is created (mention, quote, subscribers) lane notifications → notify.ts
//   notify            {accountId, fromAccountId, type, statusId, dedupeKey}    lane notifications → notify.ts
//   poll.end          {pollId}            at a poll's expiry                                       → polls.ts
//   mail.confirmation {userId}            after a sign-up that must confirm its address             → account-mail.ts
//   mail.password_reset {userId}          after a password-reset request                            → account-mail.ts
//   media.process {mediaId}               after an upload (renditions, blurhash)          lane media  → media.ts
//   media.purge {statusId|orphanId|keys}  after a post delete, an unposted upload's day, a replaced image → media.ts
//   status.preview {statusId}             after a post is created or edited (link preview card) lane previews → previews.ts
//   account.delete {accountId, stage?}    after an account is deleted; requeues itself per batch (posts, follows, media…) → account-delete.ts
const modules: ((ctx: AppContext) => void)[] = [distribute, notify, polls, accountMail, media, previews, accountDelete]

/** Registers every job handler with the context's queue. */
export function registerJobs(ctx: AppContext): void {
  // Bulkheads (services/bulkheads, PHARE_BULKHEADS): media work, remote fetches and notifications each
  // get their own slots, time limit and circuit breaker, so a stuck image, a site that never answers or
  // a failing notification leaves fan-out and every request untouched.
  const lane = (name: 'media' | 'previews' | 'notifications') => {
    const s = ctx.bulkheads.settings[name]
    ctx.queue.lane(name, { concurrency: s.job_concurrency, timeoutMs: s.job_timeout_ms, breaker: { failures: s.failures, cooldownMs: s.cooldown_ms } })
  }
  lane('media')
  lane('previews')
  lane('notifications')
  for (const register of modules) register(ctx)
}
