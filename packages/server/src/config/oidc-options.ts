import type { OptionSpec, OptionValues } from '@warren/sdk';
import { isTrue, listOf, stringOf } from './values';

/** Signing in: Coder's `--oidc-*` options, `--disable-password-auth`, and their environment variables. */
export const OIDC_OPTIONS: OptionSpec[] = [
  { flag: 'disable-password-auth', env: 'CODER_DISABLE_PASSWORD_AUTH', default: 'false', kind: 'bool', description: 'Disable password authentication for everyone but owners (who keep it, so nobody is locked out), for deployments that rely on an identity provider.' },
  { flag: 'oidc-issuer-url', env: 'CODER_OIDC_ISSUER_URL', kind: 'string', description: 'Issuer URL to use for Login with OIDC.' },
  { flag: 'oidc-client-id', env: 'CODER_OIDC_CLIENT_ID', kind: 'string', description: 'Client ID to use for Login with OIDC.' },
  { flag: 'oidc-client-secret', env: 'CODER_OIDC_CLIENT_SECRET', kind: 'string', secret: true, description: 'Client secret to use for Login with OIDC.' },
  { flag: 'oidc-email-domain', env: 'CODER_OIDC_EMAIL_DOMAIN', kind: 'list', description: 'Email domains that clients logging in with OIDC must match; empty allows any.' },
  { flag: 'oidc-allow-signups', env: 'CODER_OIDC_ALLOW_SIGNUPS', default: 'true', kind: 'bool', description: 'Whether new users can sign up with OIDC.' },
  { flag: 'oidc-scopes', env: 'CODER_OIDC_SCOPES', default: 'openid,profile,email', kind: 'list', description: 'Scopes to grant when authenticating with OIDC.' },
  { flag: 'oidc-username-field', env: 'CODER_OIDC_USERNAME_FIELD', default: 'preferred_username', kind: 'string', description: 'OIDC claim field to use as the username.' },
  { flag: 'oidc-email-field', env: 'CODER_OIDC_EMAIL_FIELD', default: 'email', kind: 'string', description: 'OIDC claim field to use as the email.' },
  { flag: 'oidc-name-field', env: 'CODER_OIDC_NAME_FIELD', default: 'name', kind: 'string', description: 'OIDC claim field to use as the name.' },
  { flag: 'oidc-auth-url-params', env: 'CODER_OIDC_AUTH_URL_PARAMS', default: '{"access_type": "offline"}', kind: 'string', description: 'OIDC auth URL parameters to pass to the upstream provider, as a JSON object of strings.' },
  { flag: 'oidc-signups-disabled-text', env: 'CODER_OIDC_SIGNUPS_DISABLED_TEXT', kind: 'string', description: 'The text to show on the page when a user is refused because OIDC sign-ups are disabled.' },
  { flag: 'oidc-ignore-email-verified', env: 'CODER_OIDC_IGNORE_EMAIL_VERIFIED', default: 'false', kind: 'bool', description: 'Ignore the email_verified claim from the upstream provider.' },
  { flag: 'oidc-ignore-userinfo', env: 'CODER_OIDC_IGNORE_USERINFO', default: 'false', kind: 'bool', description: 'Ignore the userinfo endpoint and only use the ID token for user information.' },
  { flag: 'oidc-sign-in-text', env: 'CODER_OIDC_SIGN_IN_TEXT', default: 'OpenID Connect', kind: 'string', description: 'The text to show on the OpenID Connect sign in button.' },
  { flag: 'oidc-icon-url', env: 'CODER_OIDC_ICON_URL', kind: 'string', description: 'URL pointing to the icon to use on the OpenID Connect login button.' },
];

export interface OidcConfig {
  issuerUrl: URL;
  clientId: string;
  clientSecret: string;
  /** Lower-case domains an email must be in; empty allows any. */
  emailDomains: string[];
  allowSignups: boolean;
  scopes: string[];
  usernameField: string;
  emailField: string;
  nameField: string;
  /** Extra parameters of the authorization URL. */
  authUrlParams: Record<string, string>;
  signupsDisabledText: string;
  ignoreEmailVerified: boolean;
  ignoreUserInfo: boolean;
  signInText: string;
  iconUrl: string;
}

/** `--oidc-auth-url-params`: a JSON object whose values are strings. */
function authUrlParams(text: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`--oidc-auth-url-params must be a JSON object, such as {"access_type": "offline"}; got ${text}.`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
    throw new Error(`--oidc-auth-url-params must be a JSON object of strings, such as {"access_type": "offline"}; got ${text}.`);
  }
  return parsed as Record<string, string>;
}

/** The OIDC configuration, or undefined when OIDC is off (no issuer and no client id). */
export function resolveOidc(values: OptionValues): OidcConfig | undefined {
  const issuer = stringOf(values, 'oidc-issuer-url');
  const clientId = stringOf(values, 'oidc-client-id');
  if (!issuer && !clientId) return undefined;
  if (!issuer || !clientId) throw new Error('OIDC needs both --oidc-issuer-url and --oidc-client-id.');
  let issuerUrl: URL;
  try {
    issuerUrl = new URL(issuer);
  } catch {
    throw new Error(`--oidc-issuer-url "${issuer}" is not a URL.`);
  }
  if (issuerUrl.protocol !== 'https:' && issuerUrl.protocol !== 'http:') throw new Error(`--oidc-issuer-url "${issuer}" must be an http or https URL.`);
  const scopes = listOf(values, 'oidc-scopes');
  return {
    issuerUrl,
    clientId,
    clientSecret: stringOf(values, 'oidc-client-secret') ?? '',
    emailDomains: listOf(values, 'oidc-email-domain').map((d) => d.toLowerCase()),
    allowSignups: values['oidc-allow-signups'] === undefined || isTrue(values['oidc-allow-signups']),
    scopes: scopes.length ? scopes : ['openid', 'profile', 'email'],
    usernameField: stringOf(values, 'oidc-username-field') ?? 'preferred_username',
    emailField: stringOf(values, 'oidc-email-field') ?? 'email',
    nameField: stringOf(values, 'oidc-name-field') ?? 'name',
    authUrlParams: authUrlParams(stringOf(values, 'oidc-auth-url-params') ?? '{"access_type": "offline"}'),
    signupsDisabledText: stringOf(values, 'oidc-signups-disabled-text') ?? '',
    ignoreEmailVerified: isTrue(values['oidc-ignore-email-verified']),
    ignoreUserInfo: isTrue(values['oidc-ignore-userinfo']),
    signInText: stringOf(values, 'oidc-sign-in-text') ?? 'OpenID Connect',
    iconUrl: stringOf(values, 'oidc-icon-url') ?? '',
  };
}
