/**
 * The workspace owner's OpenID Connect access token for a build (`coder_workspace_owner`'s
 * `oidc_access_token`), as Coder gives it: the one from the owner's last sign-in, refreshed first
 * when it has expired and the provider gave a refresh token. A refresh that fails leaves the
 * build without a token rather than failing it (a template cannot require one).
 */
import type { OidcConfig } from '../config/oidc-options';
import type { ServerContext } from '../context';
import { getUserLinkTokens, updateUserLinkTokens } from '../db/queries/user-links';
import { OidcClient } from './oidc-client';

/** Like Go's oauth2, a token this close to its expiry is refreshed already. */
const EXPIRY_MARGIN_MS = 10_000;
const clients = new WeakMap<OidcConfig, OidcClient>();

/** One client per configuration, so the provider's metadata is discovered once. */
export function oidcClientOf(config: OidcConfig): OidcClient {
  let client = clients.get(config);
  if (!client) {
    client = new OidcClient(config);
    clients.set(config, client);
  }
  return client;
}

export async function ownerOidcAccessToken(ctx: ServerContext, userId: string): Promise<string> {
  if (!ctx.oidc) return '';
  const tokens = await getUserLinkTokens(ctx.db, ctx.tokenCipher, userId, 'oidc');
  if (!tokens?.accessToken) return '';
  const expired = tokens.expiry !== null && tokens.expiry.getTime() - EXPIRY_MARGIN_MS <= ctx.clock().getTime();
  if (!expired || !tokens.refreshToken) return tokens.accessToken;
  try {
    const fresh = await oidcClientOf(ctx.oidc).refresh(tokens.refreshToken);
    await updateUserLinkTokens(ctx.db, ctx.tokenCipher, userId, 'oidc', fresh);
    return fresh.accessToken;
  } catch (err) {
    ctx.log.warn({ err: (err as Error).message, user: userId }, "refreshing the owner's OIDC token failed; the build goes without it");
    return '';
  }
}
