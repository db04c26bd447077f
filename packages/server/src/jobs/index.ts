import { availableParallelism } from 'node:os'
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
//   status.notify     {statusId}          after a post is created (mention, quote, subscribers)    → notify.ts
//   notify            {accountId, fromAccountId, type, statusId, dedupeKey}                        → notify.ts
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
  // Bulkheads: media work and remote fetches each get their own slots, time limit and
  // circuit breaker, so a stuck image or a site that never answers leaves fan-out,
  // notifications and every request untouched.
  // Image work takes a core each: one core is always left to the requests (bench:uploads on 2
  // cores: home reads p95 26 ms while 12-MP photos are processed one at a time, 43 ms two at a time).
  ctx.queue.lane('media', { concurrency: Math.min(4, Math.max(1, availableParallelism() - 1)), timeoutMs: 60_000, breaker: { failures: 5, cooldownMs: 30_000 } })
  ctx.queue.lane('previews', { concurrency: 4, timeoutMs: 20_000, breaker: { failures: 10, cooldownMs: 60_000 } })
  for (const register of modules) register(ctx)
}
