/** A mistake in how a command was called: the message and the usage are shown, exit status 2. */
export class UsageError extends Error {}
