import type { AppContext } from '../context.ts'
import distribute from './distribute.ts'
import notify from './notify.ts'
import polls from './polls.ts'
import accountMail from './account-mail.ts'

// Each job module registers its handlers. Handlers must be idempotent: a job can
// run again after a crash between its effect and its deletion from the queue.
//
// Job types and who enqueues them:
//   status.distribute {statusId}          after a post or repost is created (fan-out, streaming)   → distribute.ts
//   status.updated    {statusId, editedAt} after an edit (streaming status.update, update notifications) → distribute.ts
//   status.deleted    {statusId, accountId} after a delete (home feeds, streaming delete)         → distribute.ts
//   home.follow       {accountId, targetId} after a follow takes effect (backfill home)           → distribute.ts
//   home.unfollow     {accountId, targetId} after unfollow or block (remove from home)            → distribute.ts
//   status.notify     {statusId}          after a post is created (mention, quote, subscribers)    → notify.ts
//   notify            {accountId, fromAccountId, type, statusId, dedupeKey}                        → notify.ts
//   poll.end          {pollId}            at a poll's expiry                                       → polls.ts
//   mail.confirmation {userId}            after a sign-up that must confirm its address             → account-mail.ts
//   mail.password_reset {userId}          after a password-reset request                            → account-mail.ts
const modules: ((ctx: AppContext) => void)[] = [distribute, notify, polls, accountMail]

/** Registers every job handler with the context's queue. */
export function registerJobs(ctx: AppContext): void {
  for (const register of modules) register(ctx)
}
