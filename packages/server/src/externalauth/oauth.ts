/**
 * The OAuth 2.0 client side of external auth: the authorization URL, the code and refresh-token
 * grants, the device flow, validation and revocation, with the quirks of the providers Coder
 * supports. Written on fetch rather than openid-client, which is made for standard servers:
 * GitHub answers a refused grant with HTTP 200 and an `error` field (openid-client reports that
 * as a missing `access_token`, losing the code that says the refresh token is dead), Azure DevOps
 * exchanges an assertion instead of a code, and JFrog wants the client secret as a bearer.
 */
import type { ExternalAuthUser } from '@warren/sdk';
import type { ExternalAuthConfig } from '../config/external-auth-options';
import type { LinkTokens } from '../db/queries/external-auth-links';

const TIMEOUT_MS = 10_000;
const MAX_BODY = 1 << 20;

/** The provider answered a grant with an error: the request was processed and refused. */
export class OAuthRefusal extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    description: string,
  ) {
    super(description ? `${code}: ${description}` : code);
  }
}

/** The provider could not be reached, or answered 5xx/429: worth trying again. */
export class OAuthUnavailable extends Error {}

async function call(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    throw new OAuthUnavailable(`${new URL(url).origin} could not be reached: ${(err as Error).message}`);
  }
}

async function boundedText(res: Response): Promise<string> {
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > MAX_BODY) throw new OAuthUnavailable(`The provider answered ${length} bytes; at most ${MAX_BODY} are read.`);
  const text = await res.text();
  if (text.length > MAX_BODY) throw new OAuthUnavailable(`The provider answered more than ${MAX_BODY} bytes.`);
  return text;
}

/** A token endpoint's answer, JSON or form-encoded (GitHub without `Accept: application/json`). */
function parseBody(text: string, contentType: string): Record<string, unknown> {
  if (/\bjson\b/.test(contentType)) {
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/** POSTs a grant to the token endpoint and reads the tokens, or the refusal, it answers. */
async function tokenGrant(config: ExternalAuthConfig, params: Record<string, string>, now: Date, url = config.tokenUrl): Promise<LinkTokens> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' };
  const body = new URLSearchParams({ ...params, client_id: config.clientId });
  if (config.type === 'jfrog') headers.Authorization = `Bearer ${config.clientSecret}`;
  else if (config.clientSecret) body.set('client_secret', config.clientSecret);
  const res = await call(url, { method: 'POST', headers, body });
  const text = await boundedText(res);
  if (res.status >= 500 || res.status === 429) throw new OAuthUnavailable(`The token endpoint answered ${res.status}.`);
  const answer = parseBody(text, res.headers.get('content-type') ?? '');
  if (typeof answer.error === 'string') throw new OAuthRefusal(answer.error, res.status, String(answer.error_description ?? ''));
  if (res.status < 200 || res.status > 299) throw new OAuthRefusal(`http_${res.status}`, res.status, text.slice(0, 200));
  if (typeof answer.access_token !== 'string' || !answer.access_token) throw new OAuthRefusal('no_access_token', res.status, 'The token endpoint answered without an access_token.');
  const expiresIn = Number(answer.expires_in ?? 0);
  const extra = config.extraTokenKeys.length ? Object.fromEntries(config.extraTokenKeys.map((k) => [k, answer[k] ?? null])) : null;
  return {
    accessToken: answer.access_token,
    refreshToken: typeof answer.refresh_token === 'string' ? answer.refresh_token : '',
    expiry: Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(now.getTime() + expiresIn * 1000) : null,
    extra,
  };
}

export function authorizationUrl(config: ExternalAuthConfig, redirectUri: string, state: string, codeChallenge: string): URL {
  const url = new URL(config.authUrl);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('response_type', config.type === 'azure-devops' ? 'Assertion' : 'code');
  if (config.scopes.length) url.searchParams.set('scope', config.scopes.join(' '));
  url.searchParams.set('state', state);
  if (config.codeChallengeMethods.includes('S256')) {
    url.searchParams.set('code_challenge', codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url;
}

export function exchangeCode(config: ExternalAuthConfig, code: string, redirectUri: string, codeVerifier: string, now: Date): Promise<LinkTokens> {
  if (config.type === 'azure-devops') {
    return tokenGrant(
      config,
      {
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: config.clientSecret,
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: code,
        redirect_uri: redirectUri,
      },
      now,
    );
  }
  const params: Record<string, string> = { grant_type: 'authorization_code', code, redirect_uri: redirectUri };
  if (config.codeChallengeMethods.includes('S256')) params.code_verifier = codeVerifier;
  return tokenGrant(config, params, now);
}

export async function refreshTokens(config: ExternalAuthConfig, refreshToken: string, now: Date): Promise<LinkTokens> {
  const tokens = await tokenGrant(config, { grant_type: 'refresh_token', refresh_token: refreshToken }, now);
  // A provider that does not rotate refresh tokens answers without one: the old one stays good.
  return { ...tokens, refreshToken: tokens.refreshToken || refreshToken };
}

/**
 * Whether the provider still takes the token (its validate URL answers 200). No validate URL: a
 * token is taken until it expires. A rate-limited answer (429, or 403 with rate-limit headers) is
 * taken as valid, as Coder does, rather than throwing a good token away.
 */
export async function validateToken(config: ExternalAuthConfig, accessToken: string): Promise<{ valid: boolean; user: ExternalAuthUser | null }> {
  if (!config.validateUrl) return { valid: true, user: null };
  const res = await call(config.validateUrl, { headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' } });
  const text = await boundedText(res);
  if (res.status === 401) return { valid: false, user: null };
  if (res.status === 429) return { valid: true, user: null };
  if (res.status === 403) return { valid: res.headers.get('x-ratelimit-remaining') === '0' || res.headers.has('retry-after'), user: null };
  if (res.status !== 200) throw new OAuthUnavailable(`The validate URL answered ${res.status}: ${text.slice(0, 200)}`);
  return { valid: true, user: config.type === 'github' ? githubUser(text) : null };
}

function githubUser(text: string): ExternalAuthUser | null {
  try {
    const u = JSON.parse(text) as Record<string, unknown>;
    return { id: Number(u.id ?? 0), login: String(u.login ?? ''), avatar_url: String(u.avatar_url ?? ''), profile_url: String(u.html_url ?? ''), name: String(u.name ?? '') };
  } catch {
    return null;
  }
}

/** Revokes at the provider (RFC 7009, or GitHub's grant deletion). Answers whether it did. */
export async function revokeToken(config: ExternalAuthConfig, link: { accessToken: string; refreshToken: string }): Promise<boolean> {
  if (!config.revokeUrl) return false;
  let res: Response;
  if (config.type === 'github') {
    const basic = Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64');
    res = await call(config.revokeUrl, {
      method: 'DELETE',
      headers: { Authorization: `Basic ${basic}`, Accept: 'application/vnd.github+json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ access_token: link.accessToken }),
    });
  } else {
    const useRefresh = link.refreshToken !== '';
    const body = new URLSearchParams({
      client_id: config.clientId,
      client_secret: config.clientSecret,
      token: useRefresh ? link.refreshToken : link.accessToken,
      token_type_hint: useRefresh ? 'refresh_token' : 'access_token',
    });
    res = await call(config.revokeUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
  }
  const text = await boundedText(res);
  if (res.status === (config.type === 'github' ? 204 : 200)) return true;
  throw new Error(`The provider refused the revocation: ${res.status} ${text.slice(0, 200)}`);
}

export interface DeviceAuthorization {
  device_code: string;
  user_code: string;
  verification_uri: string;
  expires_in: number;
  interval: number;
}

/** Starts the device flow (RFC 8628). */
export async function authorizeDevice(config: ExternalAuthConfig): Promise<DeviceAuthorization> {
  const body = new URLSearchParams({ client_id: config.clientId });
  if (config.clientSecret) body.set('client_secret', config.clientSecret);
  if (config.scopes.length) body.set('scope', config.scopes.join(' '));
  const res = await call(config.deviceCodeUrl, { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' }, body });
  const text = await boundedText(res);
  if (res.status === 429) throw new OAuthUnavailable('The provider is rate limiting device authorizations; try again later.');
  const answer = parseBody(text, res.headers.get('content-type') ?? '');
  if (typeof answer.error_description === 'string' || typeof answer.error === 'string') throw new OAuthRefusal(String(answer.error ?? 'error'), res.status, String(answer.error_description ?? ''));
  if (typeof answer.device_code !== 'string' || typeof answer.user_code !== 'string') throw new OAuthRefusal('bad_answer', res.status, `The device code URL answered ${res.status} without a device code.`);
  return {
    device_code: answer.device_code,
    user_code: answer.user_code,
    verification_uri: String(answer.verification_uri ?? answer.verification_url ?? ''),
    expires_in: Number(answer.expires_in ?? 0),
    interval: Number(answer.interval ?? 5),
  };
}

/** Trades a device code for tokens; `authorization_pending` and the like come back as refusals. */
export function exchangeDeviceCode(config: ExternalAuthConfig, deviceCode: string, now: Date): Promise<LinkTokens> {
  return tokenGrant(config, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: deviceCode }, now);
}
