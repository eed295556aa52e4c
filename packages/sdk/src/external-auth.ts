/** External auth (Coder's `codersdk/externalauth.go` and the agent's side of it). */
import { z } from 'zod';

/** A configured provider, as `GET /api/v2/external-auth` lists it. */
export interface ExternalAuthLinkProvider {
  id: string;
  type: string;
  device: boolean;
  display_name: string;
  display_icon: string;
  allow_refresh: boolean;
  allow_validate: boolean;
  supports_revocation: boolean;
}

/** The caller's link to one provider. `expires` is Go's zero time for a token that does not expire. */
export interface ExternalAuthLink {
  provider_id: string;
  created_at: string;
  updated_at: string;
  has_refresh_token: boolean;
  expires: string;
  authenticated: boolean;
  validate_error: string;
}

/** `GET /api/v2/external-auth`: the providers and the caller's links to them. */
export interface ListUserExternalAuthResponse {
  providers: ExternalAuthLinkProvider[];
  links: ExternalAuthLink[];
}

export interface ExternalAuthUser {
  id: number;
  login: string;
  avatar_url: string;
  profile_url: string;
  name: string;
}

export interface ExternalAuthAppInstallation {
  id: number;
  account: ExternalAuthUser;
  configure_url: string;
}

/** `GET /api/v2/external-auth/{provider}`: whether the caller is signed in there. */
export interface ExternalAuth {
  authenticated: boolean;
  device: boolean;
  display_name: string;
  user: ExternalAuthUser | null;
  app_installable: boolean;
  installations: ExternalAuthAppInstallation[];
  app_install_url: string;
  supports_revocation: boolean;
}

/** `DELETE /api/v2/external-auth/{provider}`: the link is gone; whether the provider revoked the token too. */
export interface DeleteExternalAuthByIDResponse {
  token_revoked: boolean;
  token_revocation_error?: string;
}

/** `GET /api/v2/external-auth/{provider}/device`: the code the user enters at the provider (RFC 8628). */
export interface ExternalAuthDevice {
  device_code: string;
  user_code: string;
  verification_uri: string;
  expires_in: number;
  interval: number;
}

/** `POST /api/v2/external-auth/{provider}/device`. */
export const externalAuthDeviceExchange = z.object({ device_code: z.string().min(1, 'device_code is required.').max(1024) });
export type ExternalAuthDeviceExchange = z.infer<typeof externalAuthDeviceExchange>;

/**
 * `GET /api/v2/workspaceagents/me/external-auth?id=|match=[&listen]`: the workspace owner's token,
 * or (`url` alone) where the owner must go to authenticate first. `username`/`password` are what
 * git is given (GitLab wants `oauth2` and the token, Bitbucket `x-token-auth`, others the token).
 */
export interface ExternalAuthResponse {
  access_token?: string;
  token_extra?: Record<string, unknown>;
  url?: string;
  type?: string;
  username?: string;
  password?: string;
}
