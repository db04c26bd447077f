// Secrets shared by every node: read from the database, made by the first node that needs
// one. Two nodes starting at once both try to insert; the one that loses reads the winner's.
import { randomBytes } from 'node:crypto'
import type { AppContext } from '../context.ts'

/** The shared secret called `name` (32 random bytes), created on first use. */
export async function sharedSecret(ctx: Pick<AppContext, 'db'>, name: string): Promise<Buffer> {
  const read = () => ctx.db.selectFrom('secrets').select('value').where('name', '=', name).executeTakeFirst()
  let row = await read()
  if (!row) {
    await ctx.db.insertInto('secrets').values({ name, value: randomBytes(32).toString('hex'), created_at: Date.now() })
      .onConflict((oc) => oc.column('name').doNothing()).execute()
    row = await read()
  }
  return Buffer.from(row!.value, 'hex')
}
