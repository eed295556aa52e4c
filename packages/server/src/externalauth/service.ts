/** External auth for people (their links) and for the machinery that uses the tokens (builds, agents). */
import type {
  DeleteExternalAuthByIDResponse,
  ExternalAuth,
  ExternalAuthDevice,
  ExternalAuthLink,
  ExternalAuthLinkProvider,
  ExternalAuthResponse,
  ListUserExternalAuthResponse,
} from '@warren/sdk';
import { authorize, type Actor } from '../authz/policy';
import type { ExternalAuthConfig } from '../config/external-auth-options';
import type { ServerContext } from '../context';
import * as links from '../db/queries/external-auth-links';
import { ApiError, badRequest, notFound } from '../http/errors';
import { authorizeDevice, exchangeDeviceCode, OAuthRefusal, revokeToken } from './oauth';
import { checkLink, type UsableLink } from './tokens';

/** Go's zero time: Coder's `expires` of a token that does not expire. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

export function providerById(ctx: ServerContext, id: string): ExternalAuthConfig {
  const config = ctx.externalAuth.find((c) => c.id === id);
  if (!config) throw new ApiError('not_found', `External auth provider "${id}" not found.`, `Configured providers: ${ctx.externalAuth.map((c) => c.id).join(', ') || 'none'}.`);
  return config;
}

/** Where a person goes to authenticate with a provider (the dashboard's page, which starts the flow). */
export const authenticateUrl = (ctx: ServerContext, id: string) => new URL(`/external-auth/${encodeURIComponent(id)}`, ctx.accessUrl).toString();

function ownLinks(actor: Actor, action: 'read' | 'update' | 'delete') {
  authorize(actor, action, { type: 'external_auth_link', ownerId: actor.userId });
}

export function providerSummary(config: ExternalAuthConfig): ExternalAuthLinkProvider {
  return {
    id: config.id,
    type: config.type,
    device: config.deviceFlow,
    display_name: config.displayName,
    display_icon: config.displayIcon,
    allow_refresh: !config.noRefresh,
    allow_validate: config.validateUrl !== '',
    supports_revocation: config.revokeUrl !== '',
  };
}

export async function listUserExternalAuth(ctx: ServerContext, actor: Actor): Promise<ListUserExternalAuthResponse> {
  ownLinks(actor, 'read');
  const rows = await links.listExternalAuthLinks(ctx.db, ctx.tokenCipher, actor.userId);
  const out: ExternalAuthLink[] = [];
  for (const row of rows) {
    const config = ctx.externalAuth.find((c) => c.id === row.provider_id);
    const checked = config ? await checkLink(ctx, config, row).catch((err: Error) => ({ error: err.message })) : undefined;
    const current = checked && 'link' in checked ? checked.link : row;
    out.push({
      provider_id: row.provider_id,
      created_at: current.created_at.toISOString(),
      updated_at: current.updated_at.toISOString(),
      has_refresh_token: current.oauth_refresh_token !== '',
      expires: current.oauth_expiry?.toISOString() ?? ZERO_TIME,
      authenticated: checked !== undefined && 'link' in checked,
      validate_error: checked && 'error' in checked ? checked.error : '',
    });
  }
  return { providers: ctx.externalAuth.map(providerSummary), links: out };
}

export async function externalAuthById(ctx: ServerContext, actor: Actor, id: string): Promise<ExternalAuth> {
  const config = providerById(ctx, id);
  ownLinks(actor, 'read');
  const answer: ExternalAuth = {
    authenticated: false,
    device: config.deviceFlow,
    display_name: config.displayName,
    user: null,
    app_installable: false,
    installations: [],
    app_install_url: config.appInstallUrl,
    supports_revocation: config.revokeUrl !== '',
  };
  const row = await links.getExternalAuthLink(ctx.db, ctx.tokenCipher, config.id, actor.userId);
  if (!row) return answer;
  const checked = await fromProvider(() => checkLink(ctx, config, row), 'validate the token');
  return 'link' in checked ? { ...answer, authenticated: true, user: checked.user } : answer;
}

/** Whether the user has a usable token of the provider (a provider that cannot be reached counts as no). */
export async function isAuthenticated(ctx: ServerContext, config: ExternalAuthConfig, userId: string): Promise<boolean> {
  const row = await links.getExternalAuthLink(ctx.db, ctx.tokenCipher, config.id, userId);
  if (!row) return false;
  try {
    return 'link' in (await checkLink(ctx, config, row));
  } catch (err) {
    ctx.log.warn({ err, provider: config.id }, 'an external auth token could not be checked');
    return false;
  }
}

/** Forgets the link, and asks the provider to revoke the token when it can. */
export async function deleteExternalAuth(ctx: ServerContext, actor: Actor, id: string): Promise<DeleteExternalAuthByIDResponse> {
  const config = providerById(ctx, id);
  ownLinks(actor, 'delete');
  const row = await links.deleteExternalAuthLink(ctx.db, ctx.tokenCipher, config.id, actor.userId);
  if (!row) throw notFound(`You have no link to external auth provider "${id}".`);
  try {
    return { token_revoked: await revokeToken(config, { accessToken: row.oauth_access_token, refreshToken: row.oauth_refresh_token }) };
  } catch (err) {
    return { token_revoked: false, token_revocation_error: (err as Error).message };
  }
}

function deviceProvider(ctx: ServerContext, id: string): ExternalAuthConfig {
  const config = providerById(ctx, id);
  if (!config.deviceFlow) throw badRequest(`External auth provider "${id}" does not use the device flow.`);
  return config;
}

export async function startDeviceFlow(ctx: ServerContext, actor: Actor, id: string): Promise<ExternalAuthDevice> {
  const config = deviceProvider(ctx, id);
  ownLinks(actor, 'update');
  return fromProvider(() => authorizeDevice(config), 'authorize the device');
}

export async function finishDeviceFlow(ctx: ServerContext, actor: Actor, id: string, deviceCode: string): Promise<void> {
  const config = deviceProvider(ctx, id);
  ownLinks(actor, 'update');
  const tokens = await fromProvider(() => exchangeDeviceCode(config, deviceCode, ctx.clock()), 'exchange the device code');
  await links.upsertExternalAuthLink(ctx.db, ctx.tokenCipher, config.id, actor.userId, { ...tokens, extra: null }, ctx.clock());
}

/** A provider's refusal is the caller's 400 (with the provider's words); being unreachable is a 503. */
export async function fromProvider<T>(work: () => Promise<T>, step: string): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof OAuthRefusal) throw badRequest(`Failed to ${step}.`, err.message);
    if (err instanceof ApiError) throw err;
    throw new ApiError('unavailable', `Failed to ${step}: the provider could not be reached.`, (err as Error).message);
  }
}

/** What git (or the template's data source) gets: the token, and the user name and password for it. */
export function tokenAnswer(config: ExternalAuthConfig, usable: UsableLink): ExternalAuthResponse {
  const token = usable.link.oauth_access_token;
  const credentials =
    config.type === 'gitlab'
      ? { username: 'oauth2', password: token }
      : config.type === 'bitbucket-cloud' || config.type === 'bitbucket-server'
        ? { username: 'x-token-auth', password: token }
        : { username: token, password: '' };
  return { ...credentials, access_token: token, type: config.type, token_extra: usable.link.oauth_extra ?? undefined };
}

/** The workspace owner's tokens of the providers a template version uses, for its build (unusable ones left out). */
export async function tokensForBuild(ctx: ServerContext, ownerId: string, providerIds: string[]): Promise<Array<{ id: string; accessToken: string }>> {
  const out: Array<{ id: string; accessToken: string }> = [];
  for (const id of providerIds) {
    const config = ctx.externalAuth.find((c) => c.id === id);
    const row = config && (await links.getExternalAuthLink(ctx.db, ctx.tokenCipher, id, ownerId));
    if (!config || !row) continue;
    try {
      const checked = await checkLink(ctx, config, row);
      if ('link' in checked) out.push({ id, accessToken: checked.link.oauth_access_token });
    } catch (err) {
      ctx.log.warn({ err, provider: id }, 'the external auth token of a build could not be checked; the build goes without it');
    }
  }
  return out;
}
