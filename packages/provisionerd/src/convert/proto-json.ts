/**
 * Renders converted state the way Coder's Go code encodes the provisioner proto structs as JSON:
 * snake_case proto field names, zero values (`""`, `0`, `false`, empty lists and maps) left out,
 * enums as integers, nested messages present whenever set (even if empty), optional ints present
 * whenever set (even if 0), and agent auth as `{"Token": ...}` or `{"InstanceId": ...}`.
 */
import type {
  Agent,
  App,
  ConvertedState,
  Devcontainer,
  Env,
  Preset,
  Resource,
  RichParameter,
  Script,
} from '@warren/sdk/provisioner-resources';

export type ProtoJson = { [key: string]: ProtoJsonValue };
export type ProtoJsonValue = string | number | boolean | ProtoJson | ProtoJsonValue[];

/** The whole result, with the top-level keys Coder's `State` struct uses. */
export function stateToProtoJson(state: ConvertedState): ProtoJson {
  return {
    Resources: state.resources.map(resourceToProtoJson),
    Parameters: state.parameters.map(richParameterToProtoJson),
    Presets: state.presets.map(presetToProtoJson),
    ExternalAuthProviders: state.externalAuthProviders.map((provider) =>
      message({ id: provider.id, optional: provider.optional }),
    ),
    AITasks: state.aiTasks.map((task) =>
      message({ id: task.id, sidebar_app: task.sidebarApp && message({ id: task.sidebarApp.id }), app_id: task.appId }),
    ),
    HasAITasks: state.hasAITasks,
    HasExternalAgents: state.hasExternalAgents,
    // Data-loss-prevention policies are not produced by ConvertState; the key keeps Coder's shape.
    DLPPolicies: [],
  };
}

export function resourceToProtoJson(resource: Resource): ProtoJson {
  return message({
    name: resource.name,
    type: resource.type,
    agents: resource.agents.map(agentToProtoJson),
    metadata: resource.metadata.map((item) =>
      message({ key: item.key, value: item.value, sensitive: item.sensitive, is_null: item.isNull }),
    ),
    hide: resource.hide,
    icon: resource.icon,
    instance_type: resource.instanceType,
    daily_cost: resource.dailyCost,
    module_path: resource.modulePath,
  });
}

export function agentToProtoJson(agent: Agent): ProtoJson {
  const monitoring = agent.resourcesMonitoring;
  const apps = agent.displayApps;
  return message({
    id: agent.id,
    name: agent.name,
    env: Object.keys(agent.env).length > 0 ? agent.env : undefined,
    operating_system: agent.operatingSystem,
    architecture: agent.architecture,
    directory: agent.directory,
    apps: agent.apps.map(appToProtoJson),
    Auth: agent.auth.kind === 'token' ? { Token: agent.auth.token } : { InstanceId: agent.auth.instanceId },
    connection_timeout_seconds: agent.connectionTimeoutSeconds,
    troubleshooting_url: agent.troubleshootingUrl,
    motd_file: agent.motdFile,
    metadata: agent.metadata.map((item) =>
      message({
        key: item.key,
        display_name: item.displayName,
        script: item.script,
        interval: item.interval,
        timeout: item.timeout,
        order: item.order,
      }),
    ),
    display_apps: message({
      vscode: apps.vscode,
      vscode_insiders: apps.vscodeInsiders,
      web_terminal: apps.webTerminal,
      ssh_helper: apps.sshHelper,
      port_forwarding_helper: apps.portForwardingHelper,
    }),
    scripts: agent.scripts.map(scriptToProtoJson),
    extra_envs: agent.extraEnvs.map(envToProtoJson),
    order: agent.order,
    resources_monitoring: message({
      memory: monitoring.memory && message({ ...monitoring.memory }),
      volumes: monitoring.volumes.map((volume) => message({ ...volume })),
    }),
    devcontainers: agent.devcontainers.map(devcontainerToProtoJson),
    api_key_scope: agent.apiKeyScope,
  });
}

export function richParameterToProtoJson(parameter: RichParameter): ProtoJson {
  return message({
    name: parameter.name,
    description: parameter.description,
    type: parameter.type,
    mutable: parameter.mutable,
    default_value: parameter.defaultValue,
    icon: parameter.icon,
    options: parameter.options.map((option) => message({ ...option })),
    validation_regex: parameter.validationRegex,
    validation_error: parameter.validationError,
    validation_min: optionalInt(parameter.validationMin),
    validation_max: optionalInt(parameter.validationMax),
    validation_monotonic: parameter.validationMonotonic,
    required: parameter.required,
    display_name: parameter.displayName,
    order: parameter.order,
    ephemeral: parameter.ephemeral,
    form_type: parameter.formType,
  });
}

function presetToProtoJson(preset: Preset): ProtoJson {
  const prebuild = preset.prebuild;
  return message({
    name: preset.name,
    parameters: preset.parameters.map((parameter) => message({ ...parameter })),
    prebuild:
      prebuild &&
      message({
        instances: prebuild.instances,
        expiration_policy: prebuild.expirationPolicy && message({ ttl: prebuild.expirationPolicy.ttl }),
        scheduling:
          prebuild.scheduling &&
          message({
            timezone: prebuild.scheduling.timezone,
            schedule: prebuild.scheduling.schedule.map((entry) => message({ ...entry })),
          }),
      }),
    default: preset.default,
    description: preset.description,
    icon: preset.icon,
  });
}

function appToProtoJson(app: App): ProtoJson {
  return message({
    slug: app.slug,
    display_name: app.displayName,
    command: app.command,
    url: app.url,
    icon: app.icon,
    subdomain: app.subdomain,
    healthcheck: app.healthcheck && message({ ...app.healthcheck }),
    sharing_level: app.sharingLevel,
    external: app.external,
    order: app.order,
    hidden: app.hidden,
    open_in: app.openIn,
    group: app.group,
    id: app.id,
    tooltip: app.tooltip,
  });
}

function scriptToProtoJson(script: Script): ProtoJson {
  return message({
    display_name: script.displayName,
    icon: script.icon,
    script: script.script,
    cron: script.cron,
    start_blocks_login: script.startBlocksLogin,
    run_on_start: script.runOnStart,
    run_on_stop: script.runOnStop,
    timeout_seconds: script.timeoutSeconds,
    log_path: script.logPath,
  });
}

function envToProtoJson(env: Env): ProtoJson {
  return message({ name: env.name, value: env.value, merge_strategy: env.mergeStrategy });
}

function devcontainerToProtoJson(devcontainer: Devcontainer): ProtoJson {
  return message({
    workspace_folder: devcontainer.workspaceFolder,
    config_path: devcontainer.configPath,
    name: devcontainer.name,
    id: devcontainer.id,
    subagent_id: devcontainer.subagentId,
    apps: devcontainer.apps.map(appToProtoJson),
    scripts: devcontainer.scripts.map(scriptToProtoJson),
    envs: devcontainer.envs.map(envToProtoJson),
  });
}

/** Marks an optional int so that {@link message} keeps it even when it is 0. */
class OptionalInt {
  constructor(readonly value: number) {}
}

function optionalInt(value: number | undefined): OptionalInt | undefined {
  return value === undefined ? undefined : new OptionalInt(value);
}

type FieldValue = ProtoJsonValue | Record<string, string> | OptionalInt | undefined;

/** Builds a message object, leaving out unset fields and zero-valued scalars, lists and maps. */
function message(fields: Record<string, FieldValue>): ProtoJson {
  const result: ProtoJson = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === '' || value === 0 || value === false) continue;
    if (value instanceof OptionalInt) {
      result[key] = value.value;
    } else if (Array.isArray(value)) {
      if (value.length > 0) result[key] = value;
    } else {
      result[key] = value;
    }
  }
  return result;
}
