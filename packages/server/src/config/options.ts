import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDuration, type OptionSpec, type OptionValues } from '@warren/sdk';
import { parseEncryptionKeys } from '../db/token-cipher';
import { externalAuthFromEnv, type ExternalAuthConfig } from './external-auth-options';
import { OIDC_OPTIONS, resolveOidc, type OidcConfig } from './oidc-options';
import { isTrue, listOf, stringOf } from './values';

/** `warren server`'s option table; `warren server --help` is generated from it. */
export const SERVER_OPTIONS: OptionSpec[] = [
  { flag: 'http-address', env: 'CODER_HTTP_ADDRESS', default: '127.0.0.1:3000', kind: 'string', description: 'HTTP bind address of the server (host:port).' },
  { flag: 'access-url', env: 'CODER_ACCESS_URL', kind: 'string', description: 'The URL that users and workspaces use to reach the server. Defaults to http://<http-address>.' },
  { flag: 'postgres-url', env: 'CODER_PG_CONNECTION_URL', kind: 'string', secret: true, description: 'URL of a PostgreSQL database. If empty, a built-in PostgreSQL server is started in the config folder.' },
  { flag: 'global-config', env: 'CODER_CONFIG_DIR', default: defaultConfigDir(), kind: 'string', description: 'Path to the global configuration folder (also holds the built-in database).' },
  { flag: 'provisioner-daemons', env: 'CODER_PROVISIONER_DAEMONS', default: '3', kind: 'int', description: 'Number of provisioner daemons to run inside the server; 0 leaves all jobs to external daemons.' },
  { flag: 'session-duration', env: 'CODER_SESSION_DURATION', default: '24h', kind: 'duration', description: 'How long a session created by logging in lasts (extended while used).' },
  { flag: 'max-token-lifetime', env: 'CODER_MAX_TOKEN_LIFETIME', default: '876600h', kind: 'duration', description: 'The longest lifetime a user may give an API token.' },
  { flag: 'default-token-lifetime', env: 'CODER_DEFAULT_TOKEN_LIFETIME', default: '720h', kind: 'duration', description: 'Lifetime of API tokens created without an explicit lifetime.' },
  { flag: 'provisioner-daemon-psk', env: 'CODER_PROVISIONER_DAEMON_PSK', kind: 'string', secret: true, description: 'Pre-shared key that external provisioner daemons may authenticate with (--psk); empty refuses it.' },
  { flag: 'ssh-hostname-prefix', env: 'CODER_SSH_HOSTNAME_PREFIX', default: 'coder.', kind: 'string', description: 'The prefix of workspace host names in SSH configs written by config-ssh and IDE extensions.' },
  { flag: 'workspace-hostname-suffix', env: 'CODER_WORKSPACE_HOSTNAME_SUFFIX', default: 'coder', kind: 'string', description: 'The suffix of workspace host names in SSH configs, as in <workspace>.<owner>.<suffix>.' },
  { flag: 'wildcard-access-url', env: 'CODER_WILDCARD_ACCESS_URL', default: '', kind: 'string', description: 'Specifies the wildcard hostname to use for workspace applications in the form "*.example.com" or "*-suffix.example.com"; empty serves no subdomain apps.' },
  { flag: 'disable-path-apps', env: 'CODER_DISABLE_PATH_APPS', default: 'false', kind: 'bool', description: 'Disable workspace apps that are not served from subdomains. Path-based apps can make requests to the Warren API and pose a security risk when the workspace serves malicious JavaScript.' },
  { flag: 'dangerous-allow-path-app-sharing', env: 'CODER_DANGEROUS_ALLOW_PATH_APP_SHARING', default: 'false', kind: 'bool', description: 'Allow workspace apps that are not served from subdomains to be shared. Path-based app sharing can expose the API to XSS attacks.' },
  { flag: 'dangerous-allow-path-app-site-owner-access', env: 'CODER_DANGEROUS_ALLOW_PATH_APP_SITE_OWNER_ACCESS', default: 'false', kind: 'bool', description: 'Allow site owners to access workspace apps of workspaces they do not own. Site owners cannot otherwise open path-based apps of other users.' },
  { flag: 'allow-workspace-renames', env: 'CODER_ALLOW_WORKSPACE_RENAMES', default: 'false', kind: 'bool', description: 'Allow users to rename their workspaces (off by default: a template that names resources after the workspace, such as volumes, loses them on a rename).' },
  { flag: 'provisioner-job-hang-timeout', env: 'CODER_PROVISIONER_JOB_HANG_TIMEOUT', default: '90s', kind: 'duration', hidden: true, description: 'A running job whose daemon has not reported for this long is failed.' },
  { flag: 'autobuild-poll-interval', env: 'CODER_AUTOBUILD_POLL_INTERVAL', default: '1m', kind: 'duration', hidden: true, description: 'Interval to poll for scheduled workspace builds.' },
  { flag: 'prometheus-enable', env: 'CODER_PROMETHEUS_ENABLE', default: 'false', kind: 'bool', description: 'Serve Prometheus metrics on the address defined by --prometheus-address.' },
  { flag: 'prometheus-address', env: 'CODER_PROMETHEUS_ADDRESS', default: '127.0.0.1:2112', kind: 'string', description: 'The bind address of the Prometheus metrics endpoint.' },
  { flag: 'tls-enable', env: 'CODER_TLS_ENABLE', default: 'false', kind: 'bool', description: 'Whether TLS will be enabled.' },
  { flag: 'tls-address', env: 'CODER_TLS_ADDRESS', default: '127.0.0.1:3443', kind: 'string', description: 'HTTPS bind address of the server (host:port), served when --tls-enable is set.' },
  { flag: 'tls-cert-file', env: 'CODER_TLS_CERT_FILE', kind: 'list', description: 'Path to each certificate for TLS. It requires a PEM-encoded file. To configure the listener to use a CA certificate, concatenate the primary certificate and the CA certificate together. The primary certificate should appear first in the combined file.' },
  { flag: 'tls-key-file', env: 'CODER_TLS_KEY_FILE', kind: 'list', description: 'Paths to the private keys for each of the certificates. It requires a PEM-encoded file.' },
  { flag: 'tls-min-version', env: 'CODER_TLS_MIN_VERSION', default: 'tls12', kind: 'string', description: 'Minimum supported version of TLS. Accepted values are "tls10", "tls11", "tls12" or "tls13".' },
  { flag: 'redirect-to-access-url', env: 'CODER_REDIRECT_TO_ACCESS_URL', default: 'false', kind: 'bool', description: 'Specifies whether to redirect requests that do not match the access URL host.' },
  { flag: 'strict-transport-security', env: 'CODER_STRICT_TRANSPORT_SECURITY', default: '0', kind: 'int', description: "Controls if the 'Strict-Transport-Security' header is set on all responses served over TLS. This value is the max-age in seconds of the header; 0 disables it." },
  { flag: 'strict-transport-security-options', env: 'CODER_STRICT_TRANSPORT_SECURITY_OPTIONS', kind: 'list', description: "Two optional fields can be set in the Strict-Transport-Security header; 'includeSubDomains' and 'preload'. The 'strict-transport-security' flag must be set to a non-zero value for these options to be used." },
  { flag: 'secure-auth-cookie', env: 'CODER_SECURE_AUTH_COOKIE', default: 'false', kind: 'bool', description: "Controls if the 'Secure' property is set on browser session cookies (always set when the access URL is https or the request came over TLS)." },
  { flag: 'api-rate-limit', env: 'CODER_API_RATE_LIMIT', default: '512', kind: 'int', description: 'Maximum number of requests per minute allowed to the API per user, or per IP address for unauthenticated users, per endpoint. Negative values mean no rate limit. Workspace agents and provisioner daemons are not limited.' },
  { flag: 'in-process-providers', env: 'WARREN_IN_PROCESS_PROVIDERS', default: 'coder,docker', kind: 'list', description: 'Terraform providers the built-in provisioner daemons serve themselves, so templates need no registry: coder (coder/coder), docker (kreuzwerker/docker), or none. A provider left out is installed by terraform init from the registry or a mirror, as Coder does.' },
  { flag: 'site-dir', env: 'WARREN_SITE_DIR', default: defaultSiteDir(), kind: 'string', description: 'Folder of the built dashboard served at / (packages/site/dist of this checkout by default).' },
  ...OIDC_OPTIONS,
  { flag: 'external-token-encryption-keys', env: 'CODER_EXTERNAL_TOKEN_ENCRYPTION_KEYS', kind: 'list', secret: true, description: 'Encrypt external auth tokens with AES-256-GCM in the database. A comma-separated list of base64-encoded keys, each 32 bytes once decoded. The first key encrypts new values; the others only decrypt. To rotate, put the new key first and keep the old one until the server has started once (it re-encrypts every token then).' },
  { flag: 'verbose', short: 'v', env: 'CODER_VERBOSE', default: 'false', kind: 'bool', description: 'Output debug-level logs.' },
  { flag: 'log-human', env: 'CODER_LOGGING_HUMAN', kind: 'string', description: 'Output human-readable logs to a given file, such as /dev/stderr. Without any --log-* path, logs go to stderr: human-readable on a terminal, JSON otherwise.' },
  { flag: 'log-json', env: 'CODER_LOGGING_JSON', kind: 'string', description: 'Output JSON logs to a given file, such as /dev/stderr.' },
  { flag: 'log-stackdriver', env: 'CODER_LOGGING_STACKDRIVER', kind: 'string', description: 'Output Stackdriver-compatible JSON logs (with a severity field) to a given file.' },
  { flag: 'log-filter', short: 'l', env: 'CODER_LOG_FILTER', kind: 'list', description: 'Filter debug logs by matching against a given regex. Use .* to match all debug logs.' },
];

export function defaultConfigDir(): string {
  const xdg = process.env.XDG_CONFIG_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.config'), 'warren');
}

/** The dashboard built in this checkout: packages/site/dist beside the server package. */
export function defaultSiteDir(): string {
  return fileURLToPath(new URL('../../../site/dist', import.meta.url));
}

export interface ServerConfig {
  /** The plain HTTP listener; undefined (`--http-address ""`) serves HTTPS only. */
  httpAddress?: { host: string; port: number };
  /** The HTTPS listener (`--tls-enable`); undefined serves plain HTTP only. */
  tls?: TlsConfig;
  security: SecurityConfig;
  accessUrl: URL;
  postgresUrl?: string;
  configDir: string;
  provisionerDaemons: number;
  sessionDurationMs: number;
  maxTokenLifetimeMs: number;
  defaultTokenLifetimeMs: number;
  verbose: boolean;
  /** The pre-shared key of external provisioner daemons; undefined refuses PSK authentication. */
  provisionerDaemonPsk?: string;
  jobHangTimeoutMs: number;
  /** How often workspaces are checked for a scheduled start or stop. */
  autobuildPollIntervalMs: number;
  /** Owners may rename their workspaces (`--allow-workspace-renames`). */
  allowWorkspaceRenames: boolean;
  sshHostnamePrefix: string;
  workspaceHostnameSuffix: string;
  /** The option values the configuration was resolved from (shown, secrets withheld, by `/deployment/config`). */
  optionValues: OptionValues;
  /** Where to serve Prometheus metrics; undefined when disabled. */
  prometheusAddress?: { host: string; port: number };
  /** The built dashboard's folder. */
  siteDir: string;
  /** Signing in with OpenID Connect; undefined when it is off. */
  oidc?: OidcConfig;
  externalAuth: ExternalAuthConfig[];
  tokenEncryptionKeys: Buffer[];
  /** Workspace apps: the wildcard host of subdomain apps and the path-app switches. */
  apps: AppsConfig;
}

export type TlsMinVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

export interface TlsConfig {
  address: { host: string; port: number };
  /** Certificate and key files, in pairs: the first pair serves clients that name no host it lacks. */
  certFiles: string[];
  keyFiles: string[];
  minVersion: TlsMinVersion;
}

export interface SecurityConfig {
  /** Requests per minute per user (or address) and endpoint; 0 or less disables the limit. */
  apiRateLimit: number;
  /** `Secure` on session cookies even when the request did not come over TLS. */
  secureAuthCookie: boolean;
  /** `Strict-Transport-Security` max-age in seconds (0: not sent) and its options. */
  strictTransportSecurity: number;
  strictTransportSecurityOptions: string[];
  /** Redirects requests for any other host (or over plain HTTP to an https access URL) to the access URL. */
  redirectToAccessUrl: boolean;
  /** Only owners may sign in with a password (`--disable-password-auth`). */
  disablePasswordAuth: boolean;
}

export interface AppsConfig {
  /** `*.apps.example.com` or `*-suffix.example.com`; undefined serves no subdomain apps. */
  wildcardHost?: string;
  disablePathApps: boolean;
  allowPathAppSharing: boolean;
  allowPathAppSiteOwnerAccess: boolean;
}

/** Turns raw option values (flags over env over defaults) into a checked configuration. */
export function resolveServerConfig(values: OptionValues, env: NodeJS.ProcessEnv = {}): ServerConfig {
  const str = (k: string) => stringOf(values, k);
  const httpText = values['http-address'] === undefined ? '127.0.0.1:3000' : str('http-address');
  const httpAddress = httpText ? parseHostPort(httpText) : undefined;
  const tls = isTrue(values['tls-enable']) ? resolveTls(values) : undefined;
  if (!httpAddress && !tls) throw new Error('Either --http-address or --tls-enable with --tls-address must be set.');
  const defaultAccess = httpAddress
    ? `http://${formatHost(httpAddress.host)}:${httpAddress.port}`
    : `https://${formatHost(tls!.address.host)}:${tls!.address.port}`;
  const accessUrl = parseAccessUrl(str('access-url') ?? defaultAccess);
  const daemons = Number(str('provisioner-daemons') ?? '3');
  if (!Number.isInteger(daemons) || daemons < 0) throw new Error('--provisioner-daemons must be a whole number, 0 or more.');
  return {
    httpAddress,
    tls,
    security: resolveSecurity(values),
    oidc: resolveOidc(values),
    externalAuth: externalAuthFromEnv(env),
    tokenEncryptionKeys: parseEncryptionKeys(listOf(values, 'external-token-encryption-keys')),
    accessUrl,
    postgresUrl: str('postgres-url'),
    configDir: path.resolve(str('global-config') ?? defaultConfigDir()),
    provisionerDaemons: daemons,
    sessionDurationMs: parseDuration(str('session-duration') ?? '24h'),
    maxTokenLifetimeMs: parseDuration(str('max-token-lifetime') ?? '876600h'),
    defaultTokenLifetimeMs: parseDuration(str('default-token-lifetime') ?? '720h'),
    verbose: values.verbose === true || values.verbose === 'true',
    provisionerDaemonPsk: str('provisioner-daemon-psk'),
    jobHangTimeoutMs: parseDuration(str('provisioner-job-hang-timeout') ?? '90s'),
    autobuildPollIntervalMs: parseDuration(str('autobuild-poll-interval') ?? '1m'),
    allowWorkspaceRenames: isTrue(values['allow-workspace-renames']),
    sshHostnamePrefix: str('ssh-hostname-prefix') ?? 'coder.',
    workspaceHostnameSuffix: str('workspace-hostname-suffix') ?? 'coder',
    optionValues: { ...values },
    siteDir: path.resolve(str('site-dir') ?? defaultSiteDir()),
    apps: {
      wildcardHost: parseWildcardHost(str('wildcard-access-url')),
      disablePathApps: isTrue(values['disable-path-apps']),
      allowPathAppSharing: isTrue(values['dangerous-allow-path-app-sharing']),
      allowPathAppSiteOwnerAccess: isTrue(values['dangerous-allow-path-app-site-owner-access']),
    },
    prometheusAddress: isTrue(values['prometheus-enable']) ? parseHostPort(str('prometheus-address') ?? '127.0.0.1:2112') : undefined,
  };
}

function intOf(values: OptionValues, flag: string, fallback: number): number {
  const raw = values[flag];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n)) throw new Error(`--${flag} must be a whole number, got "${String(raw)}".`);
  return n;
}

const TLS_VERSIONS: Record<string, TlsMinVersion> = { tls10: 'TLSv1', tls11: 'TLSv1.1', tls12: 'TLSv1.2', tls13: 'TLSv1.3' };

function resolveTls(values: OptionValues): TlsConfig {
  const addressText = typeof values['tls-address'] === 'string' && values['tls-address'] ? values['tls-address'] : '127.0.0.1:3443';
  const certFiles = listOf(values, 'tls-cert-file');
  const keyFiles = listOf(values, 'tls-key-file');
  if (certFiles.length === 0) throw new Error('--tls-enable needs at least one --tls-cert-file and its --tls-key-file.');
  if (certFiles.length !== keyFiles.length) {
    throw new Error(`--tls-cert-file and --tls-key-file must come in pairs: got ${certFiles.length} certificate(s) and ${keyFiles.length} key(s).`);
  }
  const versionText = typeof values['tls-min-version'] === 'string' && values['tls-min-version'] ? values['tls-min-version'] : 'tls12';
  const minVersion = TLS_VERSIONS[versionText.toLowerCase()];
  if (!minVersion) throw new Error(`--tls-min-version "${versionText}" must be one of tls10, tls11, tls12 or tls13.`);
  return { address: parseHostPort(addressText), certFiles, keyFiles, minVersion };
}

const HSTS_OPTIONS: Record<string, string> = { includesubdomains: 'includeSubDomains', preload: 'preload' };

function resolveSecurity(values: OptionValues): SecurityConfig {
  const hsts = intOf(values, 'strict-transport-security', 0);
  if (hsts < 0) throw new Error('--strict-transport-security must be 0 (off) or a max-age in seconds.');
  const hstsOptions = listOf(values, 'strict-transport-security-options').map((o) => {
    const known = HSTS_OPTIONS[o.toLowerCase()];
    if (!known) throw new Error(`--strict-transport-security-options "${o}" must be includeSubDomains or preload.`);
    return known;
  });
  if (hstsOptions.length > 0 && hsts === 0) throw new Error('--strict-transport-security-options needs --strict-transport-security set to a max-age.');
  return {
    apiRateLimit: intOf(values, 'api-rate-limit', 512),
    secureAuthCookie: isTrue(values['secure-auth-cookie']),
    strictTransportSecurity: hsts,
    strictTransportSecurityOptions: hstsOptions,
    redirectToAccessUrl: isTrue(values['redirect-to-access-url']),
    disablePasswordAuth: isTrue(values['disable-password-auth']),
  };
}

export function parseHostPort(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new Error(`"${text}" is not a host:port address, such as 127.0.0.1:3000.`);
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

/** `--wildcard-access-url`: a host pattern with one leading `*` (a scheme, if given, is dropped as Coder does). */
export function parseWildcardHost(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const host = text.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '').toLowerCase();
  if (!/^\*[a-z0-9-]*(\.[a-z0-9-]+)+(:\d+)?$/.test(host) && !/^\*\.localhost(:\d+)?$/.test(host)) {
    throw new Error(`--wildcard-access-url "${text}" must be a host starting with "*", such as *.apps.example.com or *-apps.example.com.`);
  }
  return host;
}

function formatHost(host: string): string {
  const local = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return local.includes(':') ? `[${local}]` : local;
}

function parseAccessUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`--access-url "${text}" is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('--access-url must be an http or https URL.');
  return url;
}
