import type { AppContext } from '../../context.ts'

/** RFC 8414 metadata; the fields and their order follow Mastodon 4.3. */
export function authorizationServerMetadata(ctx: Pick<AppContext, 'config'>) {
  const base = ctx.config.publicUrl
  return {
    issuer: `${base}/`,
    service_documentation: 'https://docs.joinmastodon.org/',
    authorization_endpoint: `${base}/oauth/authorize`,
    token_endpoint: `${base}/oauth/token`,
    app_registration_endpoint: `${base}/api/v1/apps`,
    revocation_endpoint: `${base}/oauth/revoke`,
    userinfo_endpoint: `${base}/oauth/userinfo`,
    scopes_supported: [
      'read', 'write', 'write:accounts', 'write:blocks', 'write:bookmarks', 'write:conversations', 'write:favourites',
      'write:filters', 'write:follows', 'write:lists', 'write:media', 'write:mutes', 'write:notifications', 'write:reports',
      'write:statuses', 'read:accounts', 'read:blocks', 'read:bookmarks', 'read:favourites', 'read:filters', 'read:follows',
      'read:lists', 'read:mutes', 'read:notifications', 'read:search', 'read:statuses', 'follow', 'push', 'profile',
      'admin:read', 'admin:read:accounts', 'admin:read:reports', 'admin:write', 'admin:write:accounts', 'admin:write:reports',
    ],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    code_challenge_methods_supported: ['S256'],
    grant_types_supported: ['authorization_code', 'password', 'client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
  }
}
