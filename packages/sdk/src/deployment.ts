/**
 * What the dashboard and Coder's clients read about the deployment at start-up: entitlements,
 * appearance, experiments, the server's options, the update check, SSH settings, regions and stats.
 */
import { z } from 'zod';

export type Entitlement = 'entitled' | 'grace_period' | 'not_entitled';

/** Every feature Coder's entitlements list, in Coder's order. */
export const FEATURE_NAMES = [
  'user_limit',
  'audit_log',
  'connection_log',
  'browser_only',
  'scim',
  'template_rbac',
  'high_availability',
  'multiple_external_auth',
  'external_provisioner_daemons',
  'appearance',
  'advanced_template_scheduling',
  'workspace_proxy',
  'user_role_management',
  'external_token_encryption',
  'workspace_batch_actions',
  'task_batch_actions',
  'access_control',
  'control_shared_ports',
  'custom_roles',
  'multiple_organizations',
  'workspace_prebuilds',
  'managed_agent_limit',
  'workspace_external_agent',
  'aibridge',
  'boundary',
  'ai_governance_user_limit',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

export interface Feature {
  entitlement: Entitlement;
  enabled: boolean;
  limit?: number;
  actual?: number;
}

/** `GET /api/v2/entitlements` (codersdk.Entitlements). */
export interface Entitlements {
  features: Record<FeatureName, Feature>;
  warnings: string[];
  errors: string[];
  has_license: boolean;
  trial: boolean;
  require_telemetry: boolean;
  refreshed_at: string;
}

export interface BannerConfig {
  enabled: boolean;
  message?: string;
  background_color?: string;
}

export interface LinkConfig {
  name: string;
  target: string;
  icon: string;
  location?: 'navbar' | 'dropdown';
}

/** `GET /api/v2/appearance` (codersdk.AppearanceConfig). */
export interface AppearanceConfig {
  application_name: string;
  logo_url: string;
  docs_url: string;
  /** Deprecated in Coder in favour of `announcement_banners`. */
  service_banner: BannerConfig;
  announcement_banners: BannerConfig[];
  support_links?: LinkConfig[];
}

const bannerConfig = z.object({
  enabled: z.boolean(),
  message: z.string().max(1024).optional(),
  background_color: z.string().max(64).optional(),
});

export const updateAppearanceConfigRequest = z.object({
  application_name: z.string().max(256),
  logo_url: z.string().max(2048),
  service_banner: bannerConfig.optional(),
  announcement_banners: z.array(bannerConfig).optional(),
});
export type UpdateAppearanceConfig = z.infer<typeof updateAppearanceConfigRequest>;

/** `GET /api/v2/experiments/available`. */
export interface AvailableExperiments {
  safe: string[];
}

/** Where an option's value came from (serpent.ValueSource). */
export type OptionValueSource = '' | 'flag' | 'env' | 'yaml' | 'default';

/** One server option as Coder describes it (serpent.Option); a secret's `value` is never sent. */
export interface DeploymentOption {
  name: string;
  description?: string;
  flag?: string;
  flag_shorthand?: string;
  env?: string;
  default?: string;
  /** Durations are integer nanoseconds, as in Coder. */
  value?: string | number | boolean | string[] | null;
  annotations?: Record<string, string>;
  hidden?: boolean;
  value_source?: OptionValueSource;
}

/** `GET /api/v2/deployment/config`: Coder's DeploymentValues (the subset Warren has) and the option table. */
export interface DeploymentConfig {
  config: Record<string, unknown>;
  options: DeploymentOption[];
}

/** `GET /api/v2/updatecheck`. */
export interface UpdateCheckResponse {
  current: boolean;
  version: string;
  url: string;
}

/** `GET /api/v2/deployment/ssh`: what `config-ssh` and the VS Code extension write into SSH configs. */
export interface SSHConfigResponse {
  hostname_prefix: string;
  hostname_suffix: string;
  ssh_config_options: Record<string, string>;
}

/** `GET /api/v2/deployment/stats`. */
export interface DeploymentStats {
  aggregated_from: string;
  collected_at: string;
  next_update_at: string;
  workspaces: {
    pending: number;
    building: number;
    running: number;
    failed: number;
    stopped: number;
    connection_latency_ms: { p50: number; p95: number };
    rx_bytes: number;
    tx_bytes: number;
  };
  session_count: { vscode: number; ssh: number; jetbrains: number; reconnecting_pty: number };
}

/** A region workspaces are reached through; Warren has one, the server itself. */
export interface Region {
  id: string;
  name: string;
  display_name: string;
  icon_url: string;
  healthy: boolean;
  path_app_url: string;
  wildcard_hostname: string;
}

export interface RegionsResponse {
  regions: Region[];
}

/** `GET /api/v2/applications/host`: the wildcard host of subdomain apps, empty when none. */
export interface AppHostResponse {
  host: string;
}

/** `GET /api/v2/notifications/dispatch-methods`: how notifications could be sent; Warren sends none yet. */
export interface NotificationMethodsResponse {
  available: string[];
  default: string;
}
