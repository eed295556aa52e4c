/**
 * A link's token made usable: refreshed when it has expired (once at a time per user and provider:
 * refresh tokens are single-use at GitHub), then checked at the provider. A refresh token the
 * provider refuses is dropped with the reason, so it is not tried again; the user must sign in.
 */
import type { ExternalAuthUser } from '@warren/sdk';
import type { ExternalAuthConfig } from '../config/external-auth-options';
import type { ServerContext } from '../context';
import { dropRefreshToken, getExternalAuthLink, upsertExternalAuthLink, type ExternalAuthLinkRow } from '../db/queries/external-auth-links';
import { OAuthRefusal, OAuthUnavailable, refreshTokens, validateToken } from './oauth';

/** The token cannot be used: the user has to authenticate with the provider again. */
export class InvalidTokenError extends Error {}

/** Like Go's oauth2, a token this close to its expiry is refreshed already. */
const EXPIRY_MARGIN_MS = 10_000;
const RETRY_DELAYS_MS = [250, 1000];

export interface UsableLink {
  link: ExternalAuthLinkRow;
  user: ExternalAuthUser | null;
}

const inFlight = new Map<string, Promise<UsableLink>>();

export const isExpired = (link: ExternalAuthLinkRow, now: Date) => link.oauth_expiry !== null && link.oauth_expiry.getTime() - EXPIRY_MARGIN_MS <= now.getTime();

/** The link with a token the provider takes; throws InvalidTokenError when there is none. */
export function usableLink(ctx: ServerContext, config: ExternalAuthConfig, link: ExternalAuthLinkRow): Promise<UsableLink> {
  const key = `${config.id}:${link.user_id}`;
  const running = inFlight.get(key);
  if (running) return running;
  const work = refreshAndValidate(ctx, config, link).finally(() => inFlight.delete(key));
  inFlight.set(key, work);
  return work;
}

async function refreshAndValidate(ctx: ServerContext, config: ExternalAuthConfig, link: ExternalAuthLinkRow): Promise<UsableLink> {
  if (link.unreadable) throw new InvalidTokenError(`The stored token cannot be read (${link.unreadable}); link the account again.`);
  let current = link;
  if (isExpired(current, ctx.clock())) current = await refresh(ctx, config, current);
  const { valid, user } = await validateToken(config, current.oauth_access_token);
  if (!valid) throw new InvalidTokenError('The token failed to validate: the provider no longer accepts it.');
  return { link: current, user };
}

async function refresh(ctx: ServerContext, config: ExternalAuthConfig, link: ExternalAuthLinkRow): Promise<ExternalAuthLinkRow> {
  if (config.noRefresh || !link.oauth_refresh_token) {
    const why = link.oauth_refresh_failure_reason ? ` Refreshing it failed earlier: ${link.oauth_refresh_failure_reason}` : ' Refreshing is either disabled or failed earlier and will not be retried.';
    throw new InvalidTokenError(`The token expired.${why}`);
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const tokens = await refreshTokens(config, link.oauth_refresh_token, ctx.clock());
      return await upsertExternalAuthLink(ctx.db, ctx.tokenCipher, config.id, link.user_id, tokens, ctx.clock());
    } catch (err) {
      if (err instanceof OAuthRefusal) return await refused(ctx, link, err);
      const delay = RETRY_DELAYS_MS[attempt];
      if (!(err instanceof OAuthUnavailable) || delay === undefined) throw err;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/**
 * The provider refused the refresh token: drop it. Unless another server's refresh replaced it
 * meanwhile (the refused one was already spent): then that refresh's token is the one to use.
 */
async function refused(ctx: ServerContext, link: ExternalAuthLinkRow, err: OAuthRefusal): Promise<ExternalAuthLinkRow> {
  const latest = await getExternalAuthLink(ctx.db, ctx.tokenCipher, link.provider_id, link.user_id);
  if (latest && latest.oauth_refresh_token !== link.oauth_refresh_token && !isExpired(latest, ctx.clock())) return latest;
  await dropRefreshToken(ctx.db, ctx.tokenCipher, link, err.message.slice(0, 400), ctx.clock());
  throw new InvalidTokenError(`Refreshing the token failed: ${err.message}`);
}

/** usableLink, with the outcome as data: `error` says why the user must authenticate again. */
export async function checkLink(ctx: ServerContext, config: ExternalAuthConfig, link: ExternalAuthLinkRow): Promise<UsableLink | { error: string }> {
  try {
    return await usableLink(ctx, config, link);
  } catch (err) {
    if (err instanceof InvalidTokenError) return { error: err.message };
    throw err;
  }
}
