/** `coder_agent` resources → {@link Agent}. */
import type { Attributes } from './attributes.js';
import { ConvertStateError, quote } from './errors.js';
import { decode } from './resource-index.js';
import type { TfStateResource } from './terraform-json.js';
import type { Agent, DisplayApps, ResourcesMonitoring, Script } from '@warren/sdk/provisioner-resources';

/** Agent names: letters, digits and single hyphens inside; compared case-insensitively. */
const AGENT_NAME_PATTERN = '(?i)^[a-z0-9](-?[a-z0-9])*$';
const AGENT_NAME = /^[a-z0-9](-?[a-z0-9])*$/i;

/** What the dashboard shows for an agent whose template sets no `display_apps` block. */
export function defaultDisplayApps(): DisplayApps {
  return {
    vscode: true,
    vscodeInsiders: false,
    webTerminal: true,
    sshHelper: true,
    portForwardingHelper: true,
  };
}

/** Throws the error Coder gives for an agent name that is invalid or used twice (case-insensitively). */
export function checkAgentName(name: string, seenLowercase: Set<string>): void {
  if (name === '') throw new ConvertStateError('agent name cannot be empty');
  if (!AGENT_NAME.test(name)) {
    if (name.includes('_')) {
      throw new ConvertStateError(
        `agent name ${quote(name)} contains underscores which are no longer supported, please use hyphens instead (regex: ${quote(AGENT_NAME_PATTERN)})`,
      );
    }
    throw new ConvertStateError(`agent name ${quote(name)} does not match regex ${quote(AGENT_NAME_PATTERN)}`);
  }
  const lower = name.toLowerCase();
  if (seenLowercase.has(lower)) throw new ConvertStateError(`duplicate agent name: ${name}`);
  seenLowercase.add(lower);
}

export function agentFromResource(resource: TfStateResource): Agent {
  return decode('agent', resource, (attrs) => {
    const [displayApps] = attrs.blocks('display_apps');
    return {
      id: attrs.string('id'),
      name: resource.name,
      env: attrs.stringMap('env'),
      operatingSystem: attrs.string('os'),
      architecture: attrs.string('arch'),
      directory: attrs.string('dir'),
      apps: [],
      auth:
        attrs.string('auth') === 'token'
          ? { kind: 'token', token: attrs.string('token') }
          : { kind: 'instance', instanceId: '' },
      connectionTimeoutSeconds: attrs.integer('connection_timeout'),
      troubleshootingUrl: attrs.string('troubleshooting_url'),
      motdFile: attrs.string('motd_file'),
      metadata: attrs.blocks('metadata').map((item) => ({
        key: item.string('key'),
        displayName: item.string('display_name'),
        script: item.string('script'),
        interval: item.integer('interval'),
        timeout: item.integer('timeout'),
        order: item.integer('order'),
      })),
      displayApps: displayApps ? readDisplayApps(displayApps) : defaultDisplayApps(),
      scripts: legacyScripts(attrs),
      extraEnvs: [],
      order: attrs.integer('order'),
      resourcesMonitoring: readResourcesMonitoring(attrs),
      devcontainers: [],
      apiKeyScope: attrs.string('api_key_scope') || 'all',
    };
  });
}

function readDisplayApps(block: Attributes): DisplayApps {
  return {
    vscode: block.boolean('vscode'),
    vscodeInsiders: block.boolean('vscode_insiders'),
    webTerminal: block.boolean('web_terminal'),
    sshHelper: block.boolean('ssh_helper'),
    portForwardingHelper: block.boolean('port_forwarding_helper'),
  };
}

function readResourcesMonitoring(attrs: Attributes): ResourcesMonitoring {
  const monitoring: ResourcesMonitoring = { volumes: [] };
  for (const block of attrs.blocks('resources_monitoring')) {
    for (const memory of block.blocks('memory')) {
      monitoring.memory = { enabled: memory.boolean('enabled'), threshold: memory.integer('threshold') };
    }
    for (const volume of block.blocks('volume')) {
      monitoring.volumes.push({
        path: volume.string('path'),
        enabled: volume.boolean('enabled'),
        threshold: volume.integer('threshold'),
      });
    }
  }
  return monitoring;
}

/** The agent's own `startup_script` and `shutdown_script`, as scripts. */
function legacyScripts(attrs: Attributes): Script[] {
  const scripts: Script[] = [];
  const startup = attrs.string('startup_script');
  if (startup !== '') {
    scripts.push({
      ...emptyScript(),
      displayName: 'Startup Script',
      icon: '/emojis/25b6-fe0f.png',
      logPath: 'coder-startup-script.log',
      script: startup,
      runOnStart: true,
      startBlocksLogin: startupBehavior(attrs) === 'blocking',
    });
  }
  const shutdown = attrs.string('shutdown_script');
  if (shutdown !== '') {
    scripts.push({
      ...emptyScript(),
      displayName: 'Shutdown Script',
      icon: '/emojis/25c0.png',
      logPath: 'coder-shutdown-script.log',
      script: shutdown,
      runOnStop: true,
    });
  }
  return scripts;
}

/** `startup_script_behavior`; providers before 0.6.10 said `login_before_ready = false` instead. */
function startupBehavior(attrs: Attributes): string {
  const behavior = attrs.string('startup_script_behavior');
  if (behavior !== '') return behavior;
  if (attrs.has('login_before_ready') && !attrs.boolean('login_before_ready')) return 'blocking';
  return 'non-blocking';
}

function emptyScript(): Script {
  return {
    displayName: '',
    icon: '',
    script: '',
    cron: '',
    startBlocksLogin: false,
    runOnStart: false,
    runOnStop: false,
    timeoutSeconds: 0,
    logPath: '',
  };
}
