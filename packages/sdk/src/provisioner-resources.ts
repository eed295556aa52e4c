/**
 * What ConvertState produces: the workspace resources, agents and template metadata that Coder's
 * provisioner protocol carries (`provisionersdk/proto/provisioner.proto`), with camelCase fields.
 * `proto-json.ts` renders them in the proto's snake_case JSON form.
 *
 * Zero values follow the proto: `""`, `0`, `false` and `[]` mean "not set".
 */

/** Who may open an app (proto `AppSharingLevel`). */
export const AppSharingLevel = { OWNER: 0, AUTHENTICATED: 1, PUBLIC: 2, ORGANIZATION: 3 } as const;
export type AppSharingLevel = (typeof AppSharingLevel)[keyof typeof AppSharingLevel];

/** Where the dashboard opens an app (proto `AppOpenIn`; WINDOW is deprecated). */
export const AppOpenIn = { WINDOW: 0, SLIM_WINDOW: 1, TAB: 2 } as const;
export type AppOpenIn = (typeof AppOpenIn)[keyof typeof AppOpenIn];

/** How the dashboard renders a parameter input (proto `ParameterFormType`). */
export const ParameterFormType = {
  DEFAULT: 0,
  FORM_ERROR: 1,
  RADIO: 2,
  DROPDOWN: 3,
  INPUT: 4,
  TEXTAREA: 5,
  SLIDER: 6,
  CHECKBOX: 7,
  SWITCH: 8,
  TAGSELECT: 9,
  MULTISELECT: 10,
} as const;
export type ParameterFormType = (typeof ParameterFormType)[keyof typeof ParameterFormType];

/** Everything ConvertState extracts from one plan or state. */
export interface ConvertedState {
  resources: Resource[];
  parameters: RichParameter[];
  presets: Preset[];
  externalAuthProviders: ExternalAuthProvider[];
  aiTasks: AITask[];
  hasAITasks: boolean;
  /** True when the configuration declares any `coder_external_agent`, even with `count = 0`. */
  hasExternalAgents: boolean;
}

/** A managed Terraform resource instance shown on the workspace page. */
export interface Resource {
  /** Resource name without module prefix or index. */
  name: string;
  type: string;
  /** Agents placed on this resource; shared by every instance of a counted resource. */
  agents: Agent[];
  metadata: ResourceMetadataItem[];
  hide: boolean;
  icon: string;
  instanceType: string;
  dailyCost: number;
  /** `""` for the root module, else e.g. `module.a.module.b`. */
  modulePath: string;
}

export interface ResourceMetadataItem {
  key: string;
  value: string;
  sensitive: boolean;
  isNull: boolean;
}

/** Token auth carries the agent token (empty in plans); instance auth an instance identity. */
export type AgentAuth = { kind: 'token'; token: string } | { kind: 'instance'; instanceId: string };

export interface Agent {
  /** `coder_agent.id`; empty in plans. */
  id: string;
  name: string;
  env: Record<string, string>;
  operatingSystem: string;
  architecture: string;
  directory: string;
  apps: App[];
  auth: AgentAuth;
  connectionTimeoutSeconds: number;
  troubleshootingUrl: string;
  motdFile: string;
  metadata: AgentMetadata[];
  displayApps: DisplayApps;
  scripts: Script[];
  extraEnvs: Env[];
  order: number;
  resourcesMonitoring: ResourcesMonitoring;
  devcontainers: Devcontainer[];
  apiKeyScope: string;
}

/** A metadata probe the agent runs (`coder_agent.metadata` block). */
export interface AgentMetadata {
  key: string;
  displayName: string;
  script: string;
  interval: number;
  timeout: number;
  order: number;
}

/** Built-in apps the dashboard offers for an agent. */
export interface DisplayApps {
  vscode: boolean;
  vscodeInsiders: boolean;
  webTerminal: boolean;
  sshHelper: boolean;
  portForwardingHelper: boolean;
}

export interface ResourcesMonitoring {
  memory?: MemoryResourceMonitor;
  volumes: VolumeResourceMonitor[];
}

export interface MemoryResourceMonitor {
  enabled: boolean;
  threshold: number;
}

export interface VolumeResourceMonitor {
  path: string;
  enabled: boolean;
  threshold: number;
}

export interface App {
  id: string;
  slug: string;
  displayName: string;
  command: string;
  url: string;
  icon: string;
  subdomain: boolean;
  healthcheck?: Healthcheck;
  sharingLevel: AppSharingLevel;
  external: boolean;
  order: number;
  hidden: boolean;
  openIn: AppOpenIn;
  group: string;
  tooltip: string;
}

export interface Healthcheck {
  url: string;
  /** Seconds. */
  interval: number;
  threshold: number;
}

export interface Script {
  displayName: string;
  icon: string;
  script: string;
  cron: string;
  startBlocksLogin: boolean;
  runOnStart: boolean;
  runOnStop: boolean;
  timeoutSeconds: number;
  logPath: string;
}

export interface Env {
  name: string;
  value: string;
  /** `replace`, `append`, `prepend` or `error`, as the template wrote it. */
  mergeStrategy: string;
}

/** A `coder_devcontainer`; apps, scripts and envs aimed at its sub-agent attach here. */
export interface Devcontainer {
  id: string;
  name: string;
  workspaceFolder: string;
  configPath: string;
  subagentId: string;
  apps: App[];
  scripts: Script[];
  envs: Env[];
}

export interface RichParameter {
  name: string;
  description: string;
  type: string;
  mutable: boolean;
  defaultValue: string;
  icon: string;
  options: RichParameterOption[];
  validationRegex: string;
  validationError: string;
  /** Present (even when 0) only when the bound is enabled. */
  validationMin?: number;
  validationMax?: number;
  validationMonotonic: string;
  required: boolean;
  displayName: string;
  order: number;
  ephemeral: boolean;
  formType: ParameterFormType;
}

export interface RichParameterOption {
  name: string;
  description: string;
  value: string;
  icon: string;
}

export interface Preset {
  name: string;
  parameters: PresetParameter[];
  prebuild?: Prebuild;
  default: boolean;
  description: string;
  icon: string;
}

export interface PresetParameter {
  name: string;
  value: string;
}

export interface Prebuild {
  instances: number;
  expirationPolicy?: { ttl: number };
  scheduling?: { timezone: string; schedule: PrebuildSchedule[] };
}

export interface PrebuildSchedule {
  cron: string;
  instances: number;
}

export interface ExternalAuthProvider {
  id: string;
  optional: boolean;
}

export interface AITask {
  id: string;
  appId: string;
  sidebarApp?: { id: string };
}
