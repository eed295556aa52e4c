import os from 'node:os';
import path from 'node:path';
import { parseDuration, type OptionSpec, type OptionValues } from '@warren/sdk/options';
import { IN_PROCESS_PROVIDERS_OPTION, type InProcessProviderName, resolveInProcessProviders } from '../daemon/in-process-providers.js';

/** `warren provisioner start`'s option table (Coder's flags and environment names). */
export const PROVISIONER_START_OPTIONS: OptionSpec[] = [
  { flag: 'cache-dir', short: 'c', env: 'CODER_CACHE_DIRECTORY', default: defaultCacheDir(), kind: 'string', description: 'Directory to store cached data (job folders and terraform plugins).' },
  { flag: 'tag', short: 't', env: 'CODER_PROVISIONERD_TAGS', kind: 'list', description: 'Tags to filter provisioner jobs by, as key=value (repeatable); scope=user makes a user-scoped daemon.' },
  { flag: 'key', env: 'CODER_PROVISIONER_DAEMON_KEY', kind: 'string', description: 'Provisioner key to authenticate with (from "warren provisioner keys create").' },
  { flag: 'psk', env: 'CODER_PROVISIONER_DAEMON_PSK', kind: 'string', description: 'Pre-shared key to authenticate with (the server\'s --provisioner-daemon-psk).' },
  { flag: 'name', env: 'CODER_PROVISIONER_DAEMON_NAME', default: os.hostname(), kind: 'string', description: 'Name of this provisioner daemon.' },
  { flag: 'org', short: 'O', env: 'CODER_ORGANIZATION', kind: 'string', description: 'Organization to serve (default: the key\'s organization, or the default organization).' },
  { flag: 'verbose', env: 'CODER_PROVISIONER_DAEMON_VERBOSE', default: 'false', kind: 'bool', description: 'Output debug-level logs.' },
  { flag: 'log-human', env: 'CODER_PROVISIONER_DAEMON_LOGS_HUMAN', kind: 'string', description: 'Output human-readable logs to a given file, such as /dev/stderr. Without any --log-* path, logs go to stderr: human-readable on a terminal, JSON otherwise.' },
  { flag: 'log-json', env: 'CODER_PROVISIONER_DAEMON_LOGS_JSON', kind: 'string', description: 'Output JSON logs to a given file.' },
  { flag: 'log-stackdriver', env: 'CODER_PROVISIONER_DAEMON_LOGS_STACKDRIVER', kind: 'string', description: 'Output Stackdriver-compatible JSON logs (with a severity field) to a given file.' },
  { flag: 'log-filter', env: 'CODER_PROVISIONER_DAEMON_LOG_FILTER', kind: 'list', description: 'Filter debug logs by matching against a given regex. Use .* to match all debug logs.' },
  { flag: 'prometheus-enable', env: 'CODER_PROMETHEUS_ENABLE', default: 'false', kind: 'bool', description: 'Serve prometheus metrics on the address defined by --prometheus-address.' },
  { flag: 'prometheus-address', env: 'CODER_PROMETHEUS_ADDRESS', default: '127.0.0.1:2112', kind: 'string', description: 'The bind address to serve prometheus metrics.' },
  { ...IN_PROCESS_PROVIDERS_OPTION },
  { flag: 'shutdown-timeout', env: 'CODER_PROVISIONER_DAEMON_SHUTDOWN_TIMEOUT', default: '30s', kind: 'duration', hidden: true, description: 'How long a shutdown waits for the running job before canceling it.' },
];

export function defaultCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache'), 'warren');
}

export interface ProvisionerStartConfig {
  cacheDir: string;
  tags: Record<string, string>;
  key?: string;
  psk?: string;
  name: string;
  organization?: string;
  verbose: boolean;
  prometheusAddress?: { host: string; port: number };
  shutdownTimeoutMs: number;
  /** Providers served in-process to each job (`--in-process-providers`). */
  inProcessProviders: InProcessProviderName[];
}

function parseHostPort(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new Error(`--prometheus-address "${text}" is not a host:port address, such as 127.0.0.1:2112.`);
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

function list(value: OptionValues[string]): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
  return typeof value === 'string' && value ? value.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/** Checks the option values; refusals are sentences. */
export function resolveProvisionerStartConfig(values: OptionValues): ProvisionerStartConfig {
  const str = (k: string) => (typeof values[k] === 'string' && values[k] !== '' ? (values[k] as string) : undefined);
  const isTrue = (k: string) => values[k] === true || values[k] === 'true' || values[k] === '1';
  const tags: Record<string, string> = {};
  for (const item of list(values.tag)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`--tag "${item}" must have the form key=value.`);
    tags[item.slice(0, eq)] = item.slice(eq + 1);
  }
  const key = str('key');
  const psk = str('psk');
  if (key && psk) throw new Error('Use either --key or --psk, not both.');
  if (key && Object.keys(tags).length > 0) {
    throw new Error('--tag cannot be used with --key: a provisioner key carries its own tags. Create a key with --tag instead.');
  }
  return {
    cacheDir: path.resolve(str('cache-dir') ?? defaultCacheDir()),
    tags,
    key,
    psk,
    name: str('name') ?? os.hostname(),
    organization: str('org'),
    verbose: isTrue('verbose'),
    prometheusAddress: isTrue('prometheus-enable') ? parseHostPort(str('prometheus-address') ?? '127.0.0.1:2112') : undefined,
    shutdownTimeoutMs: parseDuration(str('shutdown-timeout') ?? '30s'),
    inProcessProviders: resolveInProcessProviders(values['in-process-providers']),
  };
}
