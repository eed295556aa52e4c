// `coder_agent` and `coder_agent_instance` (provider v2 schemas, every attribute force-new).
// The token comes from CODER_RUNNING_WORKSPACE_AGENT_TOKEN_<sha256("")> (prebuild claims) or is a
// new UUID, on create and on every refresh: tokens rotate with each build. `init_script` is
// CODER_AGENT_SCRIPT_<os>_<arch> with ${ACCESS_URL} and ${AUTH_TYPE} filled in.
import { randomUUID } from 'node:crypto';
import { isAbsolute } from 'node:path';
import { attribute, block, t } from '../tfplugin/index.js';
import { type EnvReader, runningAgentTokenVariable } from './env.js';
import { kit } from './kit.js';
import { id, known, oneOf, range } from './validators.js';

const forceNew = { optional: true, forceNew: true } as const;

/** The agent bootstrap script for one platform, or "" when the provisioner gave none. */
export function agentInitScript(env: EnvReader, url: URL, os: string, arch: string, auth: string): string {
  const script = env.optional(`CODER_AGENT_SCRIPT_${os}_${arch}`);
  if (script === '') return '';
  const accessUrl = new URL('/', url).toString();
  return script.replaceAll('${ACCESS_URL}', accessUrl).replaceAll('${AUTH_TYPE}', auth);
}

/** A prebuild claim's running token, else a new random one. */
export function agentToken(env: EnvReader, newToken: () => string = randomUUID): string {
  return env.optional(runningAgentTokenVariable('')) || newToken();
}

const threshold = attribute(t.number, { required: true, forceNew: true, validate: range('threshold', 0, 100) });

const agentSchema = {
  version: 1,
  attributes: {
    id,
    api_key_scope: attribute(t.string, { ...forceNew, default: 'all', validate: oneOf('api_key_scope', ['all', 'no_user_data']) }),
    arch: attribute(t.string, { required: true, forceNew: true, validate: oneOf('arch', ['amd64', 'armv7', 'arm64']) }),
    auth: attribute(t.string, {
      ...forceNew, default: 'token',
      validate: oneOf('auth', ['token', 'google-instance-identity', 'aws-instance-identity', 'azure-instance-identity']),
    }),
    connection_timeout: attribute(t.number, {
      ...forceNew, default: 120,
      validate: (value) => (value >= 0 ? undefined : `expected connection_timeout to be at least (0), got ${value}`),
    }),
    dir: attribute(t.string, forceNew),
    env: attribute(t.map(t.string), forceNew),
    init_script: attribute(t.string, { computed: true }),
    motd_file: attribute(t.string, forceNew),
    order: attribute(t.number, forceNew),
    os: attribute(t.string, { required: true, forceNew: true, validate: oneOf('os', ['linux', 'darwin', 'windows']) }),
    shutdown_script: attribute(t.string, forceNew),
    startup_script: attribute(t.string, forceNew),
    startup_script_behavior: attribute(t.string, {
      ...forceNew, default: 'non-blocking', validate: oneOf('startup_script_behavior', ['blocking', 'non-blocking']),
    }),
    token: attribute(t.string, { computed: true, sensitive: true, forceNew: true }),
    troubleshooting_url: attribute(t.string, forceNew),
    // Provider 0.x arguments, still accepted so older templates plan; Coder ignores them.
    startup_script_timeout: attribute(t.number, { ...forceNew, deprecated: true }),
    shutdown_script_timeout: attribute(t.number, { ...forceNew, deprecated: true }),
    login_before_ready: attribute(t.bool, { ...forceNew, deprecated: true }),
  },
  blocks: {
    display_apps: block.set({
      attributes: {
        vscode: attribute(t.bool, { ...forceNew, default: true }),
        vscode_insiders: attribute(t.bool, { ...forceNew, default: false }),
        web_terminal: attribute(t.bool, { ...forceNew, default: true }),
        port_forwarding_helper: attribute(t.bool, { ...forceNew, default: true }),
        ssh_helper: attribute(t.bool, { ...forceNew, default: true }),
      },
    }, { maxItems: 1, forceNew: true }),
    metadata: block.list({
      attributes: {
        key: attribute(t.string, { required: true, forceNew: true }),
        display_name: attribute(t.string, forceNew),
        script: attribute(t.string, { required: true, forceNew: true }),
        interval: attribute(t.number, { required: true, forceNew: true }),
        timeout: attribute(t.number, forceNew),
        order: attribute(t.number, forceNew),
      },
    }, { forceNew: true }),
    resources_monitoring: block.set({
      attributes: {},
      blocks: {
        memory: block.set({
          attributes: { enabled: attribute(t.bool, { required: true, forceNew: true }), threshold },
        }, { maxItems: 1, forceNew: true }),
        volume: block.set({
          attributes: {
            path: attribute(t.string, {
              required: true, forceNew: true,
              validate: (path) => (path === '' ? 'volume path must not be empty' : isAbsolute(path) ? undefined : 'volume path must be an absolute path'),
            }),
            enabled: attribute(t.bool, { required: true, forceNew: true }),
            threshold,
          },
        }, { forceNew: true }),
      },
    }, { maxItems: 1, forceNew: true }),
  },
};

const agent = kit.resource({
  schema: agentSchema,
  validate: ({ config, diagnostics }) => {
    const keys = new Set<string>();
    for (const item of known(config.metadata) ?? []) {
      const key = known(known(item)?.key);
      if (typeof key !== 'string') continue;
      if (keys.has(key)) diagnostics.error(`duplicate agent metadata key "${key}"`, { path: ['metadata'] });
      keys.add(key);
    }
    for (const monitoring of known(config.resources_monitoring) ?? []) {
      const volumes = known(known(monitoring)?.volume) ?? [];
      const memory = known(known(monitoring)?.memory) ?? [];
      if (volumes.length === 0 && memory.length === 0) {
        diagnostics.error('resources_monitoring must define at least one monitor', { path: ['resources_monitoring'] });
      }
      const paths = new Set<string>();
      for (const volume of volumes) {
        const path = known(known(volume)?.path);
        if (typeof path !== 'string') continue;
        if (paths.has(path)) diagnostics.error(`duplicate volume path "${path}"`, { path: ['resources_monitoring'] });
        paths.add(path);
      }
    }
    const dir = known(config.dir);
    if (typeof dir === 'string' && !['', '$HOME', '~'].includes(dir)) {
      diagnostics.warning('`dir` is deprecated', {
        detail: 'Set the starting folder in the workspace image or the startup script instead of `dir`.', path: ['dir'],
      });
    }
  },
  create: ({ config, provider }) => ({
    id: randomUUID(),
    token: agentToken(provider.env),
    init_script: agentInitScript(provider.env, provider.url, config.os, config.arch, config.auth ?? 'token'),
  }),
  read: ({ state, provider }) => ({
    ...state,
    token: agentToken(provider.env),
    init_script: agentInitScript(provider.env, provider.url, state.os, state.arch, state.auth),
  }),
});

const agentInstance = kit.resource({
  schema: {
    attributes: {
      id,
      agent_id: attribute(t.string, { required: true, forceNew: true }),
      instance_id: attribute(t.string, { required: true, forceNew: true }),
    },
  },
  create: () => ({ id: randomUUID() }),
});

export const agentResources = { coder_agent: agent, coder_agent_instance: agentInstance };
