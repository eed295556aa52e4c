import { parseDuration, type DeploymentConfig, type DeploymentOption, type OptionSpec, type OptionValues } from '@warren/sdk';
import { SERVER_OPTIONS } from '../config/options';
import type { ExternalAuthConfig } from '../config/external-auth-options';
import type { ServerContext } from '../context';

/** Where each option's value sits in Coder's DeploymentValues JSON. Options not listed appear only in `options`. */
const CONFIG_PATHS: Record<string, string[]> = {
  'http-address': ['http_address'],
  'access-url': ['access_url'],
  'postgres-url': ['pg_connection_url'],
  'provisioner-daemons': ['provisioner', 'daemons'],
  'provisioner-daemon-psk': ['provisioner', 'daemon_psk'],
  'session-duration': ['session_lifetime', 'default_duration'],
  'max-token-lifetime': ['session_lifetime', 'max_token_lifetime'],
  'default-token-lifetime': ['session_lifetime', 'default_token_lifetime'],
  'prometheus-enable': ['prometheus', 'enable'],
  'prometheus-address': ['prometheus', 'address'],
  'ssh-hostname-prefix': ['config_ssh', 'deploymentName'],
  'workspace-hostname-suffix': ['workspace_hostname_suffix'],
  'wildcard-access-url': ['wildcard_access_url'],
  'disable-path-apps': ['disable_path_apps'],
  'dangerous-allow-path-app-sharing': ['dangerous', 'allow_path_app_sharing'],
  'dangerous-allow-path-app-site-owner-access': ['dangerous', 'allow_path_app_site_owner_access'],
  verbose: ['verbose'],
  'log-human': ['logging', 'human'],
  'log-json': ['logging', 'json'],
  'log-stackdriver': ['logging', 'stackdriver'],
  'log-filter': ['logging', 'log_filter'],
};

const ACRONYMS: Record<string, string> = { url: 'URL', http: 'HTTP', ssh: 'SSH', psk: 'PSK', json: 'JSON', id: 'ID' };

/** "access-url" → "Access URL", as Coder names its options. */
function optionName(flag: string): string {
  return flag
    .split('-')
    .map((w) => ACRONYMS[w] ?? w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

type Value = string | number | boolean | string[] | null;

/** An option's value in Coder's JSON form: durations in nanoseconds, numbers and booleans typed. */
function typedValue(spec: OptionSpec, raw: OptionValues[string]): Value {
  if (raw === undefined) return spec.kind === 'list' ? [] : null;
  if (Array.isArray(raw)) return raw;
  const text = String(raw);
  switch (spec.kind) {
    case 'bool':
      return raw === true || text === 'true' || text === '1';
    case 'int':
      return Number.isFinite(Number(text)) ? Number(text) : text;
    case 'duration':
      try {
        return parseDuration(text) * 1_000_000;
      } catch {
        return text;
      }
    case 'list':
      return text.split(',').map((s) => s.trim()).filter(Boolean);
    case 'string':
      return text;
  }
}

/** Coder's serpent.HostPort JSON. */
function hostPort(address: string): { host: string; port: string } {
  const sep = address.lastIndexOf(':');
  return { host: address.slice(0, sep).replace(/^\[|\]$/g, ''), port: address.slice(sep + 1) };
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[path[path.length - 1]!] = value;
}

/** A provider as Coder's DeploymentValues lists it (`external_auth`), without its client secret. */
function externalAuthEntry(c: ExternalAuthConfig): Record<string, unknown> {
  return {
    id: c.id,
    type: c.type,
    client_id: c.clientId,
    auth_url: c.authUrl,
    token_url: c.tokenUrl,
    validate_url: c.validateUrl,
    revoke_url: c.revokeUrl,
    app_install_url: c.appInstallUrl,
    app_installations_url: c.appInstallationsUrl,
    no_refresh: c.noRefresh,
    scopes: c.scopes,
    extra_token_keys: c.extraTokenKeys,
    device_flow: c.deviceFlow,
    device_code_url: c.deviceCodeUrl,
    regex: c.regexText,
    display_name: c.displayName,
    display_icon: c.displayIcon,
  };
}

/**
 * `/api/v2/deployment/config`: the server's option table as Coder's DeploymentValues and options
 * array. Options marked `secret` never show their value in either.
 */
export function deploymentConfig(ctx: ServerContext): DeploymentConfig {
  const effective: OptionValues = {
    ...ctx.optionValues,
    'access-url': ctx.accessUrl.toString().replace(/\/$/, ''),
  };
  const config: Record<string, unknown> = {
    docs_url: '',
    experiments: [],
    update_check: false,
    browser_only: false,
    disable_password_auth: false,
    config_ssh: { deploymentName: ctx.sshHostnamePrefix, sshconfigOptions: [] },
    workspace_hostname_suffix: ctx.workspaceHostnameSuffix,
    external_auth: ctx.externalAuth.map(externalAuthEntry),
  };
  const options: DeploymentOption[] = [];
  for (const spec of SERVER_OPTIONS) {
    const raw = effective[spec.flag] ?? spec.default;
    const annotations: Record<string, string> = {};
    if (spec.kind === 'duration') annotations.format_duration = 'true';
    if (spec.secret) annotations.secret = 'true';
    const option: DeploymentOption = { name: optionName(spec.flag), description: spec.description, flag: spec.flag };
    if (spec.short) option.flag_shorthand = spec.short;
    if (spec.env) option.env = spec.env;
    if (spec.default !== undefined) option.default = spec.default;
    if (Object.keys(annotations).length > 0) option.annotations = annotations;
    if (spec.hidden) option.hidden = true;
    const given = ctx.optionValues[spec.flag] ?? spec.default;
    option.value_source = given === spec.default ? 'default' : '';
    if (spec.secret) {
      option.value = null;
    } else {
      const value = typedValue(spec, raw);
      option.value = value;
      const path = CONFIG_PATHS[spec.flag];
      if (path) setPath(config, path, spec.flag === 'prometheus-address' && typeof value === 'string' ? hostPort(value) : value);
    }
    options.push(option);
  }
  // Coder's older clients read these at the top level.
  const lifetimes = config.session_lifetime as Record<string, unknown> | undefined;
  if (lifetimes) {
    config.max_token_lifetime = lifetimes.max_token_lifetime;
    config.max_session_expiry = lifetimes.default_duration;
  }
  return { config, options };
}
