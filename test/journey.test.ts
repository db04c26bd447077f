// One day in the life of two people, against Phare started as `npm start` starts it (a
// separate process) and driven only through the Mastodon client library and plain HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOAuthAPIClient, createRestAPIClient, createStreamingAPIClient, type mastodon } from 'masto'
import WebSocket from 'ws'
import { startPhareProcess, type PhareProcess } from './support/process.ts'
import { pkce, signInAndApprove } from './support/authorize.ts'

const REDIRECT = 'https://app.example/callback'
const SCOPES = 'read write follow push'

let phare: PhareProcess
beforeAll(async () => { phare = await startPhareProcess() })
afterAll(async () => {
  if (!phare) return
  try {
    expect(await phare.stop(15_000)).toBe(0)
  } finally {
    await phare.cleanUp()
  }
})

/** Retries a read until it passes: notifications are written by background jobs. */
async function eventually<T>(read: () => PromiseLike<T>, check: (v: T) => boolean, what: string, ms = 5000): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    const v = await read()
    if (check(v)) return v
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 500)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms) })
  return Promise.race([p, late]).finally(() => clearTimeout(timer))
}

/**
 * The WebSocket masto opens, recording what it sends. A ping answered after the
 * subscribe message proves the server has handled it: frames are read in order.
 */
interface RecordingSocket extends WebSocket { sent: string[] }
const sockets: RecordingSocket[] = []
function RecordingWebSocket(url: string | URL, protocols?: string[]): RecordingSocket {
  const ws = new WebSocket(url, protocols) as RecordingSocket
  ws.sent = []
  const send = ws.send.bind(ws)
  ws.send = ((data: string) => { ws.sent.push(String(data)); send(data) }) as typeof ws.send
  sockets.push(ws)
  return ws
}

/** Resolves once masto has asked for `stream` and the server has read that request. */
async function subscribed(stream: string): Promise<void> {
  const asks = (m: string) => { const msg = JSON.parse(m) as { type?: string; stream?: string }; return msg.type === 'subscribe' && msg.stream === stream }
  const until = Date.now() + 5000
  let ws: RecordingSocket | undefined
  while (!(ws = sockets.find((s) => s.sent.some(asks)))) {
    if (Date.now() > until) throw new Error(`masto never subscribed to ${stream}`)
    await new Promise((r) => setTimeout(r, 5))
  }
  await new Promise<void>((resolve) => { ws.once('pong', () => resolve()); ws.ping() })
}

describe('a journey through a Phare started as a separate process', () => {
  let app: mastodon.v1.Client
  let appToken: string
  const people: Record<'alice' | 'bob', { token: string; id: string; client: mastodon.rest.Client }> = {} as never
  let bobStreamClient: mastodon.streaming.Client
  let bobEvents: AsyncIterator<mastodon.streaming.Event>
  let bobSub: mastodon.streaming.Subscription
  let alicePost: mastodon.v1.Status
  let bobReply: mastodon.v1.Status

  it('an app registers itself with the Mastodon client library', async () => {
    app = await createRestAPIClient({ url: phare.url }).v1.apps.create({ clientName: 'Journey', redirectUris: REDIRECT, scopes: SCOPES, website: 'https://app.example' })
    expect(app.clientId).toBeTruthy()
    expect(app.clientSecret).toBeTruthy()
    expect(app.name).toBe('Journey')
  })

  it('the app gets an app-only token with client_credentials', async () => {
    const token = await createOAuthAPIClient({ url: phare.url }).token.create({
      grantType: 'client_credentials', clientId: app.clientId!, clientSecret: app.clientSecret!, redirectUri: REDIRECT, scope: SCOPES,
    })
    expect(token.accessToken).toBeTruthy()
    appToken = token.accessToken
  })

  it('alice and bob sign up through the app and their tokens work', async () => {
    const asApp = createRestAPIClient({ url: phare.url, accessToken: appToken })
    for (const name of ['alice', 'bob'] as const) {
      const t = await asApp.v1.accounts.create({ username: name, email: `${name}@example.test`, password: `correct horse ${name}`, agreement: true, locale: 'en' })
      const client = createRestAPIClient({ url: phare.url, accessToken: t.accessToken })
      const me = await client.v1.accounts.verifyCredentials()
      expect(me.username).toBe(name)
      people[name] = { token: t.accessToken, id: me.id, client }
    }
  })

  it('bob signs in again through the authorization-code flow with PKCE S256', async () => {
    const { verifier, challenge } = pkce()
    const back = await signInAndApprove(phare.url, {
      clientId: app.clientId!, redirectUri: REDIRECT, scope: SCOPES, state: 'journey', codeChallenge: challenge,
      email: 'bob@example.test', password: 'correct horse bob',
    })
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT)
    expect(back.searchParams.get('state')).toBe('journey')
    const oauth = createOAuthAPIClient({ url: phare.url })
    const token = await oauth.token.create({
      grantType: 'authorization_code', clientId: app.clientId!, clientSecret: app.clientSecret!, redirectUri: REDIRECT,
      code: back.searchParams.get('code')!, codeVerifier: verifier,
    } as Parameters<typeof oauth.token.create>[0])
    expect(token.scope).toBe(SCOPES)
    const client = createRestAPIClient({ url: phare.url, accessToken: token.accessToken })
    const me = await client.v1.accounts.verifyCredentials()
    expect(me.username).toBe('bob')
    expect(me.id).toBe(people.bob.id)
    people.bob = { token: token.accessToken, id: me.id, client }
  })

  it('bob follows alice', async () => {
    const rel = await people.bob.client.v1.accounts.$select(people.alice.id).follow()
    expect(rel.following).toBe(true)
  })

  it('bob opens the user stream with the masto streaming client', async () => {
    bobStreamClient = createStreamingAPIClient({
      streamingApiUrl: phare.url.replace('http', 'ws'), accessToken: people.bob.token, retry: false, implementation: RecordingWebSocket,
    })
    bobSub = bobStreamClient.user.subscribe()
    bobEvents = bobSub[Symbol.asyncIterator]()
  })

  it("alice posts and bob receives it on his stream within 5 s, then finds it in his home timeline", async () => {
    const next = bobEvents.next()
    await subscribed('user')
    alicePost = await people.alice.client.v1.statuses.create({ status: 'Good morning from the lighthouse', visibility: 'public' })
    const { value, done } = await within(next, 5000, 'update on bob\'s user stream')
    expect(done).toBe(false)
    expect(value.event).toBe('update')
    expect(value.stream).toEqual(['user'])
    const payload = (value as mastodon.streaming.UpdateEvent).payload
    expect(payload.id).toBe(alicePost.id)
    expect(payload.account.id).toBe(people.alice.id)
    const home = await people.bob.client.v1.timelines.home.list()
    expect(home.map((s) => s.id)).toContain(alicePost.id)
    bobSub.unsubscribe()
    bobStreamClient.close()
  })

  it('bob replies; alice sees the reply in the thread and a mention notification', async () => {
    bobReply = await people.bob.client.v1.statuses.create({ status: '@alice good morning to you', inReplyToId: alicePost.id })
    expect(bobReply.inReplyToId).toBe(alicePost.id)
    const context = await people.alice.client.v1.statuses.$select(alicePost.id).context.fetch()
    expect(context.descendants.map((s) => s.id)).toContain(bobReply.id)
    const notes = await eventually(() => people.alice.client.v1.notifications.list(), (n) => n.some((x) => x.type === 'mention'), 'a mention')
    const mention = notes.find((n) => n.type === 'mention')!
    expect(mention.account.id).toBe(people.bob.id)
    expect(mention.status?.id).toBe(bobReply.id)
  })

  it("bob favourites and reblogs alice's post; alice is notified of both", async () => {
    const fav = await people.bob.client.v1.statuses.$select(alicePost.id).favourite()
    expect(fav.favourited).toBe(true)
    const boost = await people.bob.client.v1.statuses.$select(alicePost.id).reblog()
    expect(boost.reblog?.id).toBe(alicePost.id)
    const notes = await eventually(() => people.alice.client.v1.notifications.list(),
      (n) => ['favourite', 'reblog'].every((t) => n.some((x) => x.type === t)), 'favourite and reblog notifications')
    for (const type of ['favourite', 'reblog']) {
      const n = notes.find((x) => x.type === type)!
      expect(n.account.id).toBe(people.bob.id)
      expect(n.status?.id).toBe(alicePost.id)
    }
  })

  it("the public timeline shows alice's public post to an anonymous client", async () => {
    const anonymous = createRestAPIClient({ url: phare.url })
    const timeline = await anonymous.v1.timelines.public.list()
    expect(timeline.map((s) => s.id)).toContain(alicePost.id)
  })

  it('the instance says posts may have 500 characters, and a 501-character post is refused with 422', async () => {
    const instance = await createRestAPIClient({ url: phare.url }).v2.instance.fetch()
    expect(instance.configuration.statuses.maxCharacters).toBe(500)
    const refused = await people.alice.client.v1.statuses.create({ status: 'x'.repeat(501) }).then(() => null, (e: unknown) => e)
    expect(refused).toMatchObject({ statusCode: 422 })
    const fits = await people.alice.client.v1.statuses.create({ status: 'x'.repeat(500) })
    expect(fits.content).toContain('x'.repeat(500))
  })
})
