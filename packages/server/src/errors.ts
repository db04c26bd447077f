/** A failure with a stable machine-readable code, an HTTP status and a message a person can act on. */
export class PhareError extends Error {
  readonly code: string
  readonly status: number
  readonly details?: Record<string, unknown>
  constructor(code: string, status: number, message: string, details?: Record<string, unknown>) {
    super(message)
    this.code = code
    this.status = status
    this.details = details
  }
}

/** Declares one catalogue entry: `NotFound()` builds the error to throw. */
export function defineError<A extends unknown[]>(code: string, status: number, message: (...args: A) => string) {
  const make = (...args: A) => new PhareError(code, status, message(...args))
  make.code = code
  make.status = status
  return make
}

export const Unauthorized = defineError('unauthorized', 401, () => 'The access token is invalid')
export const TokenRequired = defineError('token_required', 401, () => 'This method requires an authenticated user')
export const ScopeMissing = defineError('scope_missing', 403, (scope: string) => `This action is outside the authorized scopes (needs ${scope})`)
export const Forbidden = defineError('forbidden', 403, (why: string = 'This action is not allowed') => why)
export const NotFound = defineError('not_found', 404, () => 'Record not found')
export const ValidationFailed = defineError('validation_failed', 422, (field: string, problem: string) => `Validation failed: ${field} ${problem}`)
export const StatusTooLong = defineError('status_too_long', 422, (max: number) => `Validation failed: Text character limit of ${max} exceeded`)
export const StatusEmpty = defineError('status_empty', 422, () => "Validation failed: Text can't be blank")
export const UsernameTaken = defineError('username_taken', 422, () => 'Validation failed: Username has already been taken')
export const EmailTaken = defineError('email_taken', 422, () => 'Validation failed: Email has already been taken')
export const RegistrationsClosed = defineError('registrations_closed', 403, () => 'Registrations are closed on this server')
export const AccountPending = defineError('account_pending', 403, () => 'Your account is waiting for approval by an administrator')
export const AccountUnconfirmed = defineError('account_unconfirmed', 403, () => 'Your e-mail address is not confirmed yet')
export const InvalidGrant = defineError('invalid_grant', 400, (why: string) => why)
export const InvalidClient = defineError('invalid_client', 401, () => 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.')
export const InvalidScope = defineError('invalid_scope', 400, (scope: string) => `The requested scope is invalid, unknown, or malformed: ${scope}`)
export const InvalidRequest = defineError('invalid_request', 400, (why: string) => why)
export const UnsupportedGrantType = defineError('unsupported_grant_type', 400, (t: string) => `The authorization grant type "${t}" is not supported`)
export const Blocked = defineError('blocked', 403, () => 'You cannot do this because of a block')
export const AlreadyVoted = defineError('already_voted', 422, () => 'Validation failed: You have already voted on this poll')
export const PollExpired = defineError('poll_expired', 422, () => 'Validation failed: The poll has already ended')
export const IdempotencyConflict = defineError('idempotency_conflict', 409, () => 'A request with this Idempotency-Key is still being processed')
export const RateLimited = defineError('rate_limited', 429, () => 'Too many requests')
export const SelfRelation = defineError('self_relation', 422, (action: string) => `Validation failed: You cannot ${action} yourself`)
export const UnauthorizedClient = defineError('unauthorized_client', 403, () => 'You are not authorized to revoke this token')
export const ResourceMissing = defineError('resource_missing', 400, (param: string) => `The ${param} parameter is required`)
export const PushUnavailable = defineError('push_unavailable', 422, () => 'Web push notifications are not available on this server yet; use the streaming API or poll notifications')
export const TooManyStreams = defineError('too_many_streams', 429, (max: number) => `Too many streaming connections for this account (at most ${max}); close another tab or app first`)
export const UnknownStream = defineError('unknown_stream', 400, (name: string) => `Unknown stream type: ${name}`)
export const ListMemberNotFollowed = defineError('list_member_not_followed', 422, () => 'Validation failed: You can only add accounts you follow to a list')
export const ListLimitReached = defineError('list_limit_reached', 422, (max: number) => `Validation failed: You cannot have more than ${max} lists`)
export const TooManySignInAttempts = defineError('too_many_attempts', 429, (minutes: number) => `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`)
export const WrongPassword = defineError('wrong_password', 422, () => 'Validation failed: the current password is wrong')
export const MediaFailed = defineError('media_failed', 422, (why: string) => `The image could not be processed: ${why}`)
export const FileMissing = defineError('file_missing', 422, () => "Validation failed: File can't be blank (send the image as the multipart field 'file')")
export const MediaUnsupported = defineError('unsupported_media_type', 422, (why: string = 'this file type is not supported') => `Validation failed: ${why}; accepted: JPEG, PNG, WebP, GIF, AVIF, HEIC`)
export const MediaTooLarge = defineError('media_too_large', 422, (sizeMb: string, maxMb: number) => `Validation failed: the file is ${sizeMb} MB; at most ${maxMb} MB are accepted`)
export const MediaTooManyPixels = defineError('media_too_many_pixels', 422, (image: string, limit: string) => `Validation failed: the image is ${image}; at most ${limit} are accepted`)
export const RoomState = defineError('room_state', 409, (why: string) => `The room ${why}`)
export const RoomForbidden = defineError('room_forbidden', 403, (why: string) => `Only ${why}`)
export const RoomStageFull = defineError('room_stage_full', 422, (max: number) => `Validation failed: at most ${max} people can be on stage`)
export const RoomCohostsFull = defineError('room_cohosts_full', 422, (max: number) => `Validation failed: a room has at most ${max} co-hosts`)
export const RoomNotInvited = defineError('room_not_invited', 403, () => 'You have not been invited to speak in this room')
export const RoomNotOnStage = defineError('room_not_on_stage', 409, () => 'You are not on the stage of this room: a host must invite you and you must accept first')
export const HlsTooFar = defineError('hls_too_far', 400, () => 'Bad request: _HLS_msn is more than two segments past the live edge')
export const RoomCaptionInvalid = defineError('room_caption_invalid', 422, (why: string) => `Validation failed: the caption ${why}`)
export const Overloaded = defineError('overloaded', 503, () => 'The server is overloaded and is refusing some requests for a moment; try again after Retry-After seconds')
export const ChallengeRequired = defineError('challenge_required', 429, () => 'The server is under heavy load: solve the proof-of-work challenge (or sign in) to continue')
export const PlanEndpointNotIncluded = defineError('plan_endpoint_not_included', 403, (plan: string, endpoint: string) => `The ${plan} API plan of this app does not include ${endpoint}`)
export const PlanQuotaExceeded = defineError('plan_quota_exceeded', 429, (plan: string) => `This app has used its ${plan} API plan's quota`)
export const FlagExists = defineError('flag_exists', 409, (key: string) => `A flag named ${key} already exists; change it instead of creating it`)
export const FlagChanged = defineError('flag_changed', 409, (key: string) => `The flag ${key} kept changing while this change was written; read it again and retry`)
export const ReadOnlyMode = defineError('read_only', 503, (message: string) => message)
export const PartUnavailable = defineError('part_unavailable', 503, (part: string, why: string) => `The ${part} part of this server ${why}; the rest of the server works. Try again after Retry-After seconds.`)
