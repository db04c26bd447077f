// Reading and voting in polls. A poll is visible exactly when its post is.
import type { AppContext } from '../../context.ts'
import type { UserViewer, Viewer } from '../../http/auth.ts'
import { AlreadyVoted, NotFound, PollExpired, ValidationFailed } from '../../errors.ts'
import { nextId, parseId } from '../../ids.ts'
import { findPoll, votesOf, type PollRow } from '../../storage/repos/polls.ts'
import { visibleStatus } from '../statuses/visible.ts'

/** The poll if the viewer may see its post; 404 otherwise. */
export async function visiblePoll(ctx: AppContext, viewer: Viewer | null, rawId: unknown): Promise<PollRow> {
  const id = parseId(rawId)
  const poll = id === null ? undefined : await findPoll(ctx.db, id)
  if (!poll) throw NotFound()
  await visibleStatus(ctx, viewer, poll.status_id)
  return poll
}

/** Casts the viewer's vote: once, before the end, not on one's own poll, one choice unless multiple. */
export async function vote(ctx: AppContext, viewer: UserViewer, rawId: unknown, rawChoices: number[]): Promise<PollRow> {
  const me = viewer.accountId
  const found = await visiblePoll(ctx, viewer, rawId)
  const titles = JSON.parse(found.options) as string[]
  const choices = [...new Set(rawChoices)]
  if (choices.length === 0) throw ValidationFailed('choices', "can't be blank")
  if (choices.some((c) => !Number.isInteger(c) || c < 0 || c >= titles.length)) throw ValidationFailed('choices', 'must be indexes of the options')
  if (found.account_id === me) throw ValidationFailed('poll', 'cannot be voted on by its author')
  if (!found.multiple && choices.length > 1) throw ValidationFailed('choices', 'must be a single choice in this poll')

  await ctx.db.transaction().execute(async (trx) => {
    // The poll row is locked (PostgreSQL) or the database is (SQLite): votes on one poll are applied one at a time.
    const poll = (await findPoll(trx, found.id, ctx.dialect === 'postgres'))!
    if (poll.expires_at !== null && poll.expires_at <= Date.now()) throw PollExpired()
    if ((await votesOf(trx, poll.id, me)).length > 0) throw AlreadyVoted()
    await trx.insertInto('poll_votes').values(choices.map((choice) => ({ id: nextId(), poll_id: poll.id, account_id: me, choice }))).execute()
    const votes = JSON.parse(poll.votes) as number[]
    for (const c of choices) votes[c] = (votes[c] ?? 0) + 1
    await trx.updateTable('polls').set({
      votes: JSON.stringify(votes), votes_count: poll.votes_count + choices.length, voters_count: poll.voters_count + 1,
    }).where('id', '=', poll.id).execute()
  })
  return (await findPoll(ctx.db, found.id))!
}
