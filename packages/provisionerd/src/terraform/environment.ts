import { createHash } from 'node:crypto';
import type { ExternalAuthToken, ParameterValue, WorkspaceMetadata } from './types.js';

/** Environment given to a terraform process: name -> value. */
export type Env = Record<string, string>;

/** Settings every terraform command receives. */
export interface BaseEnvSettings {
  pluginCacheDir: string;
  cliConfigFile: string;
  /** Added last, e.g. `TF_REATTACH_PROVIDERS` for providers served by this process. */
  extraEnv?: Readonly<Env>;
}

/** The rest of what `plan` and `apply` receive (Coder's provisionEnv). */
export interface ProvisionEnvInput {
  metadata: WorkspaceMetadata;
  /** Agent bootstrap scripts keyed `<os>_<arch>` (e.g. `linux_amd64`), `${ARCH}` already substituted. */
  agentScripts: Readonly<Record<string, string>>;
  /** Plan only; apply reads the values baked into the plan. */
  parameters?: readonly ParameterValue[];
  previousParameters?: readonly ParameterValue[];
  externalAuth?: readonly ExternalAuthToken[];
  /** Sets `TF_LOG=JSON` so terraform's own debug logs reach the job log. */
  debugLogging?: boolean;
}

const awsPartnerAppId = 'APN_1.1/pc_cdfmjwn8i6u8l9fwz8h82e4w3$';
const noTaskId = '00000000-0000-0000-0000-000000000000';

/** The host environment without any `CODER_*` variable, so the server's secrets never reach templates. */
export function hostEnvWithoutCoderVariables(hostEnv: Readonly<Record<string, string | undefined>>): Env {
  const env: Env = {};
  for (const [name, value] of Object.entries(hostEnv)) {
    if (value !== undefined && !name.startsWith('CODER_')) env[name] = value;
  }
  return env;
}

/** Environment of init, show and graph (Coder's basicEnv), plus the CLI config and extra variables. */
export function baseEnv(hostEnv: Readonly<Record<string, string | undefined>>, settings: BaseEnvSettings): Env {
  return {
    ...hostEnvWithoutCoderVariables(hostEnv),
    TF_PLUGIN_CACHE_DIR: settings.pluginCacheDir,
    TF_CLI_CONFIG_FILE: settings.cliConfigFile,
    ...settings.extraEnv,
  };
}

/** Environment of plan and apply: the base environment plus Coder's workspace contract. */
export function provisionEnv(base: Readonly<Env>, input: ProvisionEnvInput): Env {
  const { metadata } = input;
  const env: Env = {
    ...base,
    CODER_AGENT_URL: metadata.coderUrl,
    CODER_WORKSPACE_TRANSITION: metadata.workspaceTransition,
    CODER_WORKSPACE_NAME: metadata.workspaceName ?? '',
    CODER_WORKSPACE_OWNER: metadata.workspaceOwner ?? '',
    CODER_WORKSPACE_OWNER_EMAIL: metadata.workspaceOwnerEmail ?? '',
    CODER_WORKSPACE_OWNER_NAME: metadata.workspaceOwnerName ?? '',
    CODER_WORKSPACE_OWNER_OIDC_ACCESS_TOKEN: metadata.workspaceOwnerOidcAccessToken ?? '',
    CODER_WORKSPACE_OWNER_GROUPS: JSON.stringify(metadata.workspaceOwnerGroups ?? null),
    CODER_WORKSPACE_OWNER_SSH_PUBLIC_KEY: metadata.workspaceOwnerSshPublicKey ?? '',
    CODER_WORKSPACE_OWNER_SSH_PRIVATE_KEY: metadata.workspaceOwnerSshPrivateKey ?? '',
    CODER_WORKSPACE_OWNER_LOGIN_TYPE: metadata.workspaceOwnerLoginType ?? '',
    CODER_WORKSPACE_OWNER_RBAC_ROLES: ownerRolesJson(metadata),
    CODER_WORKSPACE_ID: metadata.workspaceId ?? '',
    CODER_WORKSPACE_OWNER_ID: metadata.workspaceOwnerId ?? '',
    CODER_WORKSPACE_OWNER_SESSION_TOKEN: metadata.workspaceOwnerSessionToken ?? '',
    CODER_WORKSPACE_TEMPLATE_ID: metadata.templateId ?? '',
    CODER_WORKSPACE_TEMPLATE_NAME: metadata.templateName ?? '',
    CODER_WORKSPACE_TEMPLATE_VERSION: metadata.templateVersion ?? '',
    CODER_WORKSPACE_BUILD_ID: metadata.workspaceBuildId ?? '',
    CODER_TASK_ID: metadata.taskId || noTaskId,
    CODER_TASK_PROMPT: metadata.taskPrompt ?? '',
    AWS_SDK_UA_APP_ID: base.AWS_SDK_UA_APP_ID ? `${base.AWS_SDK_UA_APP_ID} ${awsPartnerAppId}` : awsPartnerAppId,
  };
  if (metadata.prebuiltWorkspaceBuildStage === 'create') env.CODER_WORKSPACE_IS_PREBUILD = 'true';
  if (metadata.prebuiltWorkspaceBuildStage === 'claim') env.CODER_WORKSPACE_IS_PREBUILD_CLAIM = 'true';
  const agentTokens = metadata.runningAgentAuthTokens ?? [];
  for (const { agentId, token } of agentTokens) {
    // With a single agent the provider looks the token up without knowing the agent's id.
    env[`CODER_RUNNING_WORKSPACE_AGENT_TOKEN_${sha256Hex(agentTokens.length === 1 ? '' : agentId)}`] = token;
  }
  for (const [platform, script] of Object.entries(input.agentScripts)) env[`CODER_AGENT_SCRIPT_${platform}`] = script;
  for (const { name, value } of input.previousParameters ?? []) env[previousParameterEnvName(name)] = value;
  for (const { name, value } of input.parameters ?? []) env[parameterEnvName(name)] = value;
  for (const { id, accessToken } of input.externalAuth ?? []) {
    env[`CODER_GIT_AUTH_ACCESS_TOKEN_${id}`] = accessToken;
    env[`CODER_EXTERNAL_AUTH_ACCESS_TOKEN_${id}`] = accessToken;
  }
  if (input.debugLogging) env.TF_LOG = 'JSON';
  return env;
}

/** `CODER_PARAMETER_<sha256 hex of the name>`, where the coder provider reads a parameter's value. */
export function parameterEnvName(name: string): string {
  return `CODER_PARAMETER_${sha256Hex(name)}`;
}

/** Where the provider reads the previous build's value of a parameter (for `monotonic` validation). */
export function previousParameterEnvName(name: string): string {
  return `CODER_PARAMETER_PREVIOUS_${sha256Hex(name)}`;
}

const terraformVariablesSafeToShow = new Set([
  'TF_LOG',
  'TF_LOG_PATH',
  'TF_INPUT',
  'TF_DATA_DIR',
  'TF_WORKSPACE',
  'TF_IN_AUTOMATION',
  'TF_REGISTRY_DISCOVERY_RETRY',
  'TF_REGISTRY_CLIENT_TIMEOUT',
  'TF_CLI_CONFIG_FILE',
  'TF_IGNORE',
]);

/** Variables the provisioner sets itself, so the host's values never take effect. */
const terraformVariablesReplaced = new Set(['TF_CLI_CONFIG_FILE', 'TF_PLUGIN_CACHE_DIR']);

/**
 * One warning per `TF_*` variable of the host that reaches terraform, values redacted unless known to
 * hold no secret.
 */
export function hostTerraformVariableWarnings(hostEnv: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(hostEnvWithoutCoderVariables(hostEnv))
    .filter(([name]) => name.startsWith('TF_') && !terraformVariablesReplaced.has(name))
    .map(([name, value]) => {
      const shown = terraformVariablesSafeToShow.has(name) ? value : '<value redacted>';
      return `terraform environment variable: ${name}=${shown}`;
    });
}

function ownerRolesJson(metadata: WorkspaceMetadata): string {
  const roles = metadata.workspaceOwnerRbacRoles;
  if (!roles) return 'null';
  return JSON.stringify(roles.map(({ name, orgId }) => ({ ...(name && { name }), ...(orgId && { org_id: orgId }) })));
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
