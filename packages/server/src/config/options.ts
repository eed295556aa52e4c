import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDuration, type OptionSpec, type OptionValues } from '@warren/sdk';

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
  { flag: 'provisioner-job-hang-timeout', env: 'CODER_PROVISIONER_JOB_HANG_TIMEOUT', default: '90s', kind: 'duration', hidden: true, description: 'A running job whose daemon has not reported for this long is failed.' },
  { flag: 'prometheus-enable', env: 'CODER_PROMETHEUS_ENABLE', default: 'false', kind: 'bool', description: 'Serve Prometheus metrics on the address defined by --prometheus-address.' },
  { flag: 'prometheus-address', env: 'CODER_PROMETHEUS_ADDRESS', default: '127.0.0.1:2112', kind: 'string', description: 'The bind address of the Prometheus metrics endpoint.' },
  { flag: 'site-dir', env: 'WARREN_SITE_DIR', default: defaultSiteDir(), kind: 'string', description: 'Folder of the built dashboard served at / (packages/site/dist of this checkout by default).' },
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
  httpAddress: { host: string; port: number };
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
  sshHostnamePrefix: string;
  workspaceHostnameSuffix: string;
  /** The option values the configuration was resolved from (shown, secrets withheld, by `/deployment/config`). */
  optionValues: OptionValues;
  /** Where to serve Prometheus metrics; undefined when disabled. */
  prometheusAddress?: { host: string; port: number };
  /** The built dashboard's folder. */
  siteDir: string;
  /** Workspace apps: the wildcard host of subdomain apps and the path-app switches. */
  apps: AppsConfig;
}

export interface AppsConfig {
  /** `*.apps.example.com` or `*-suffix.example.com`; undefined serves no subdomain apps. */
  wildcardHost?: string;
  disablePathApps: boolean;
  allowPathAppSharing: boolean;
  allowPathAppSiteOwnerAccess: boolean;
}

/** Turns raw option values (flags over env over defaults) into a checked configuration. */
export function resolveServerConfig(values: OptionValues): ServerConfig {
  const str = (k: string) => (typeof values[k] === 'string' && values[k] !== '' ? (values[k] as string) : undefined);
  const httpAddress = parseHostPort(str('http-address') ?? '127.0.0.1:3000');
  const accessUrl = parseAccessUrl(str('access-url') ?? `http://${formatHost(httpAddress.host)}:${httpAddress.port}`);
  const daemons = Number(str('provisioner-daemons') ?? '3');
  if (!Number.isInteger(daemons) || daemons < 0) throw new Error('--provisioner-daemons must be a whole number, 0 or more.');
  return {
    httpAddress,
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

function isTrue(value: OptionValues[string]): boolean {
  return value === true || value === 'true' || value === '1';
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
