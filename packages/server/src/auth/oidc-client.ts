/**
 * The relying-party side of an OpenID Connect sign-in, through openid-client: the authorization
 * URL (authorization code flow with PKCE and state), then the code exchanged for an ID token whose
 * claims, merged with the userinfo endpoint's, say who signed in.
 */
import * as oidc from 'openid-client';
import type { OidcConfig } from '../config/oidc-options';
import type { UserLinkTokens } from '../db/queries/user-links';

export interface OidcStart {
  url: URL;
  state: string;
  codeVerifier: string;
}

export interface OidcIdentity {
  issuer: string;
  subject: string;
  /** The ID token's claims, overridden by the userinfo endpoint's. */
  claims: Record<string, unknown>;
  /** The provider's tokens, kept for templates (`coder_workspace_owner.oidc_access_token`). */
  tokens: UserLinkTokens;
}

export class OidcClient {
  private discovered: Promise<oidc.Configuration> | undefined;

  constructor(private readonly config: OidcConfig) {}

  /** The provider's metadata, discovered once; a failed discovery is tried again on the next sign-in. */
  private configuration(): Promise<oidc.Configuration> {
    const { issuerUrl, clientId, clientSecret } = this.config;
    this.discovered ??= oidc
      .discovery(issuerUrl, clientId, clientSecret || undefined, clientSecret ? undefined : oidc.None(), {
        // An http issuer is the administrator's explicit choice (a provider on a private network).
        execute: issuerUrl.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
        timeout: 10,
      })
      .catch((err: unknown) => {
        this.discovered = undefined;
        throw err;
      });
    return this.discovered;
  }

  /** `state`: a given one (an account conversion's), else a random one. */
  async start(redirectUri: string, state = oidc.randomState()): Promise<OidcStart> {
    const configuration = await this.configuration();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(configuration, {
      ...this.config.authUrlParams,
      redirect_uri: redirectUri,
      scope: this.config.scopes.join(' '),
      state,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, state, codeVerifier };
  }

  /** `callbackUrl` is the redirect URI with the provider's query (code, state, iss). */
  async finish(callbackUrl: URL, checks: { state: string; codeVerifier: string }): Promise<OidcIdentity> {
    const configuration = await this.configuration();
    const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
      expectedState: checks.state,
      pkceCodeVerifier: checks.codeVerifier,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims()!;
    const userInfo = this.config.ignoreUserInfo ? {} : await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
    return { issuer: idClaims.iss, subject: idClaims.sub, claims: { ...idClaims, ...userInfo }, tokens: linkTokens(tokens) };
  }

  /** New tokens for a refresh token; a provider that does not rotate it keeps the old one good. */
  async refresh(refreshToken: string): Promise<UserLinkTokens> {
    const tokens = linkTokens(await oidc.refreshTokenGrant(await this.configuration(), refreshToken));
    return { ...tokens, refreshToken: tokens.refreshToken || refreshToken };
  }
}

function linkTokens(tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): UserLinkTokens {
  const expiresIn = tokens.expiresIn();
  return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token ?? '', expiry: expiresIn === undefined ? null : new Date(Date.now() + expiresIn * 1000) };
}

/** Whether openid-client refused what the provider answered (as opposed to not reaching it at all). */
export function isProviderAnswerError(err: unknown): boolean {
  return err instanceof oidc.ResponseBodyError || err instanceof oidc.AuthorizationResponseError || err instanceof oidc.ClientError;
}
