/**
 * External auth providers (Coder's "external auth", formerly "git auth"): OAuth 2.0 applications at
 * GitHub, GitLab and the like whose tokens a workspace uses (`git clone` through GIT_ASKPASS, the
 * template's `data "coder_external_auth"`). Configured, as in Coder, only by numbered environment
 * variables: `CODER_EXTERNAL_AUTH_0_ID`, `CODER_EXTERNAL_AUTH_0_TYPE`, `..._CLIENT_ID`, ... (the
 * legacy `CODER_GITAUTH_<n>_*` too). A known type fills in its provider's URLs, scopes and regex.
 */
import { NAME_PATTERN } from '@warren/sdk';
import { externalAuthDefaults } from './external-auth-defaults';

export interface ExternalAuthConfig {
  id: string;
  /** `github`, `gitlab`, `bitbucket-cloud`, ... or any name for a generic OAuth 2.0 provider. */
  type: string;
  clientId: string;
  clientSecret: string;
  authUrl: string;
  tokenUrl: string;
  /** GET with the token as a Bearer: 200 valid, 401/403 not. Empty: every unexpired token is valid. */
  validateUrl: string;
  revokeUrl: string;
  /** Where the provider sends the browser back to is always `{access_url}/external-auth/{id}/callback`. */
  scopes: string[];
  /** Properties of the token response kept beside the token (Slack's `authed_user`). */
  extraTokenKeys: string[];
  /** Matched against the URL git asks credentials for (GIT_ASKPASS); `regexText` as configured. */
  regex?: RegExp;
  regexText: string;
  noRefresh: boolean;
  /** The device flow (RFC 8628) instead of a browser redirect; needs `deviceCodeUrl`. */
  deviceFlow: boolean;
  deviceCodeUrl: string;
  displayName: string;
  displayIcon: string;
  appInstallUrl: string;
  appInstallationsUrl: string;
  /** PKCE methods the provider takes: `S256`, or `none` for providers that refuse PKCE. */
  codeChallengeMethods: string[];
}

/** The raw fields of one provider, named as after `CODER_EXTERNAL_AUTH_<n>_`. */
type RawFields = Partial<Record<(typeof FIELDS)[number], string>>;
const FIELDS = [
  'ID',
  'TYPE',
  'CLIENT_ID',
  'CLIENT_SECRET',
  'AUTH_URL',
  'TOKEN_URL',
  'VALIDATE_URL',
  'REVOKE_URL',
  'REGEX',
  'NO_REFRESH',
  'SCOPES',
  'EXTRA_TOKEN_KEYS',
  'DEVICE_FLOW',
  'DEVICE_CODE_URL',
  'APP_INSTALL_URL',
  'APP_INSTALLATIONS_URL',
  'DISPLAY_NAME',
  'DISPLAY_ICON',
] as const;
const KNOWN = new Set<string>(FIELDS);
/** Coder's fields for features Warren does not have (AI Bridge's MCP, API base URLs): accepted, unused. */
const UNUSED = new Set(['MCP_URL', 'MCP_TOOL_ALLOW_REGEX', 'MCP_TOOL_DENY_REGEX', 'API_BASE_URL', 'CODE_CHALLENGE_METHODS_SUPPORTED']);

/** Providers numbered 0, 1, 2... under one prefix; a gap or an unknown field is an error. */
function readNumbered(prefix: string, env: NodeJS.ProcessEnv): RawFields[] {
  const found: RawFields[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(prefix) || value === undefined) continue;
    const match = /^(\d+)_(.+)$/.exec(name.slice(prefix.length));
    if (!match) throw new Error(`${name}: expected ${prefix}<number>_<FIELD>.`);
    const field = match[2]!;
    if (UNUSED.has(field)) continue;
    if (!KNOWN.has(field)) throw new Error(`${name}: unknown field ${field}; known are ${FIELDS.join(', ')}.`);
    const index = Number(match[1]);
    found[index] = { ...found[index], [field]: value };
  }
  for (let i = 0; i < found.length; i++) {
    if (!found[i]) throw new Error(`${prefix}${i}_* is missing: external auth providers are numbered from 0 without gaps.`);
  }
  return found;
}

function bool(name: string, raw: string | undefined): boolean {
  if (raw === undefined || raw === '') return false;
  if (/^(1|t|true)$/i.test(raw)) return true;
  if (/^(0|f|false)$/i.test(raw)) return false;
  throw new Error(`${name}: "${raw}" is not true or false.`);
}

function httpUrl(name: string, raw: string): string {
  if (!raw) return '';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${name}: "${raw}" is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${name}: "${raw}" must be an http or https URL.`);
  return url.toString();
}

/** Space-separated, as Coder reads them. */
const words = (raw: string | undefined) => (raw ?? '').split(' ').filter(Boolean);

function resolveOne(raw: RawFields, label: string): ExternalAuthConfig {
  const type = (raw.TYPE ?? '').toLowerCase() === 'bitbucket' ? 'bitbucket-cloud' : (raw.TYPE ?? '');
  const id = raw.ID || type;
  if (!id) throw new Error(`${label}: set ${label}_ID or ${label}_TYPE.`);
  if (id.length > 32 || !NAME_PATTERN.test(id)) throw new Error(`${label}: the id "${id}" must be at most 32 letters, digits and single hyphens.`);
  if (!raw.CLIENT_ID) throw new Error(`${label}: external auth provider "${id}" needs ${label}_CLIENT_ID.`);
  const defaults = externalAuthDefaults(type.toLowerCase(), raw.AUTH_URL ?? '', raw.CLIENT_ID);
  const pick = (field: keyof RawFields, fallback = '') => raw[field] || fallback;
  const regexText = pick('REGEX', defaults.regex);
  let regex: RegExp | undefined;
  try {
    regex = regexText ? new RegExp(regexText) : undefined;
  } catch (err) {
    throw new Error(`${label}_REGEX: ${(err as Error).message}`);
  }
  const config: ExternalAuthConfig = {
    id,
    type,
    clientId: raw.CLIENT_ID,
    clientSecret: raw.CLIENT_SECRET ?? '',
    authUrl: httpUrl(`${label}_AUTH_URL`, pick('AUTH_URL', defaults.authUrl)),
    tokenUrl: httpUrl(`${label}_TOKEN_URL`, pick('TOKEN_URL', defaults.tokenUrl)),
    validateUrl: httpUrl(`${label}_VALIDATE_URL`, pick('VALIDATE_URL', defaults.validateUrl)),
    revokeUrl: httpUrl(`${label}_REVOKE_URL`, pick('REVOKE_URL', defaults.revokeUrl)),
    scopes: raw.SCOPES ? words(raw.SCOPES) : (defaults.scopes ?? []),
    extraTokenKeys: raw.EXTRA_TOKEN_KEYS ? words(raw.EXTRA_TOKEN_KEYS) : (defaults.extraTokenKeys ?? []),
    regex,
    regexText,
    noRefresh: bool(`${label}_NO_REFRESH`, raw.NO_REFRESH),
    deviceFlow: bool(`${label}_DEVICE_FLOW`, raw.DEVICE_FLOW),
    deviceCodeUrl: httpUrl(`${label}_DEVICE_CODE_URL`, pick('DEVICE_CODE_URL', defaults.deviceCodeUrl)),
    displayName: pick('DISPLAY_NAME', defaults.displayName || type || id),
    displayIcon: pick('DISPLAY_ICON', defaults.displayIcon || '/emojis/1f511.png'),
    appInstallUrl: pick('APP_INSTALL_URL'),
    appInstallationsUrl: httpUrl(`${label}_APP_INSTALLATIONS_URL`, pick('APP_INSTALLATIONS_URL', defaults.appInstallationsUrl)),
    codeChallengeMethods: defaults.codeChallengeMethods ?? ['S256'],
  };
  if (!config.authUrl || !config.tokenUrl) throw new Error(`${label}: external auth provider "${id}" needs ${label}_AUTH_URL and ${label}_TOKEN_URL (its type "${type}" has no defaults).`);
  if (config.deviceFlow && !config.deviceCodeUrl) throw new Error(`${label}: the device flow of "${id}" needs ${label}_DEVICE_CODE_URL.`);
  return config;
}

/** Every configured provider, checked: unique ids, URLs that parse, regexes that compile. */
export function externalAuthFromEnv(env: NodeJS.ProcessEnv): ExternalAuthConfig[] {
  const configs = [
    ...readNumbered('CODER_EXTERNAL_AUTH_', env).map((raw, i) => resolveOne(raw, `CODER_EXTERNAL_AUTH_${i}`)),
    ...readNumbered('CODER_GITAUTH_', env).map((raw, i) => resolveOne(raw, `CODER_GITAUTH_${i}`)),
  ];
  const seen = new Set<string>();
  for (const c of configs) {
    if (seen.has(c.id)) throw new Error(`Two external auth providers have the id "${c.id}"; give each a unique CODER_EXTERNAL_AUTH_<n>_ID.`);
    seen.add(c.id);
  }
  return configs;
}
