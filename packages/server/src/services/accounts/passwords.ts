import { hash, verify } from '@node-rs/argon2'

// OWASP's argon2id recommendation: 19 MiB of memory, 2 passes, 1 lane.
const PARAMS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

/** Hashes a password with argon2id. */
export const hashPassword = (password: string) => hash(password, PARAMS)

/** Checks a password against a stored hash; false on any malformed hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try { return await verify(stored, password) } catch { return false }
}
