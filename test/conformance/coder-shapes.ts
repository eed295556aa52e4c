/**
 * The fields Coder's clients read, by Coder's type names (its generated TypeScript types, which its
 * dashboard, its API client and its IDE plugins are written against). A check passes when every
 * field is present (null counts as present where Coder's type is nullable); extra fields are fine.
 */
import { z } from 'zod';

const present = z.unknown().refine((v) => v !== undefined, 'is missing');

/** An object that must carry every one of `names`. */
export const fields = (...names: string[]) => z.looseObject(Object.fromEntries(names.map((n) => [n, present])));

export const BuildInfoResponse = fields('external_url', 'version', 'dashboard_url', 'telemetry', 'workspace_proxy', 'agent_api_version', 'provisioner_api_version', 'upgrade_message', 'deployment_id');
export const User = fields('id', 'username', 'email', 'name', 'avatar_url', 'created_at', 'updated_at', 'last_seen_at', 'status', 'login_type', 'organization_ids', 'roles');
export const Organization = fields('id', 'name', 'display_name', 'description', 'icon', 'created_at', 'updated_at', 'is_default');
export const OrganizationMemberWithUserData = fields('user_id', 'organization_id', 'created_at', 'updated_at', 'roles', 'username', 'email', 'name', 'avatar_url', 'global_roles');
export const APIKey = fields('id', 'user_id', 'last_used', 'expires_at', 'created_at', 'updated_at', 'login_type', 'scope', 'token_name', 'lifetime_seconds');
export const ProvisionerJob = fields('id', 'created_at', 'status', 'file_id', 'tags', 'queue_position', 'queue_size', 'organization_id', 'input', 'type', 'metadata');
export const Template = fields(
  'id', 'created_at', 'updated_at', 'organization_id', 'organization_name', 'name', 'display_name', 'provisioner', 'active_version_id',
  'active_user_count', 'build_time_stats', 'description', 'deprecated', 'icon', 'default_ttl_ms', 'activity_bump_ms', 'autostop_requirement',
  'autostart_requirement', 'created_by_id', 'created_by_name', 'allow_user_autostart', 'allow_user_autostop', 'allow_user_cancel_workspace_jobs',
  'failure_ttl_ms', 'time_til_dormant_ms', 'time_til_dormant_autodelete_ms', 'require_active_version', 'max_port_share_level',
);
export const TemplateVersion = fields('id', 'organization_id', 'created_at', 'updated_at', 'name', 'message', 'job', 'readme', 'created_by', 'archived', 'warnings');
export const TemplateVersionParameter = fields(
  'name', 'display_name', 'description', 'description_plaintext', 'type', 'form_type', 'mutable', 'default_value', 'icon', 'options',
  'validation_error', 'validation_regex', 'validation_min', 'validation_max', 'validation_monotonic', 'required', 'ephemeral',
);
export const WorkspaceApp = fields('id', 'url', 'external', 'slug', 'display_name', 'command', 'icon', 'subdomain', 'sharing_level', 'healthcheck', 'health', 'hidden', 'open_in');
export const WorkspaceAgent = fields(
  'id', 'created_at', 'updated_at', 'status', 'lifecycle_state', 'name', 'resource_id', 'architecture', 'environment_variables', 'operating_system',
  'logs_length', 'logs_overflowed', 'directory', 'expanded_directory', 'version', 'api_version', 'apps', 'connection_timeout_seconds',
  'troubleshooting_url', 'subsystems', 'health', 'display_apps', 'log_sources', 'scripts', 'startup_script_behavior',
);
export const WorkspaceResource = fields('id', 'created_at', 'job_id', 'workspace_transition', 'type', 'name', 'hide', 'icon', 'agents', 'metadata', 'daily_cost');
export const WorkspaceBuild = fields(
  'id', 'created_at', 'updated_at', 'workspace_id', 'workspace_name', 'workspace_owner_id', 'workspace_owner_name', 'template_version_id',
  'template_version_name', 'build_number', 'transition', 'initiator_id', 'initiator_name', 'job', 'reason', 'resources', 'status', 'daily_cost',
);
export const Workspace = fields(
  'id', 'created_at', 'updated_at', 'owner_id', 'owner_name', 'owner_avatar_url', 'organization_id', 'organization_name', 'template_id',
  'template_name', 'template_display_name', 'template_icon', 'template_allow_user_cancel_workspace_jobs', 'template_active_version_id',
  'template_require_active_version', 'latest_build', 'outdated', 'name', 'last_used_at', 'health',
  'automatic_updates', 'allow_renames', 'favorite',
);
export const ProvisionerDaemon = fields('id', 'organization_id', 'created_at', 'last_seen_at', 'name', 'version', 'api_version', 'provisioners', 'tags', 'status');
export const ProvisionerKey = fields('id', 'created_at', 'organization', 'name', 'tags');
export const Role = fields('name', 'display_name', 'site_permissions', 'user_permissions');
export const AssignableRole = fields('name', 'display_name', 'assignable', 'built_in');
export const Entitlements = fields('features', 'warnings', 'errors', 'has_license', 'trial', 'require_telemetry', 'refreshed_at');
export const AppearanceConfig = fields('application_name', 'logo_url', 'docs_url', 'service_banner', 'announcement_banners', 'support_links');
export const DeploymentSSHConfig = fields('hostname_prefix', 'hostname_suffix', 'ssh_config_options');
export const DeploymentStats = fields('aggregated_from', 'collected_at', 'next_update_at', 'workspaces', 'session_count');
export const AuthMethods = fields('password', 'github', 'oidc', 'terms_of_service_url');
export const UpdateCheckResponse = fields('current', 'version', 'url');
export const Region = fields('id', 'name', 'display_name', 'icon_url', 'healthy', 'path_app_url', 'wildcard_hostname');
export const WorkspaceBuildTimings = fields('provisioner_timings', 'agent_script_timings', 'agent_connection_timings');
export const DAUsResponse = fields('entries', 'tz_hour_offset');
export const GitSSHKey = fields('user_id', 'created_at', 'updated_at', 'public_key');
export const UserAppearanceSettings = fields('theme_preference');
export const TemplateExample = fields('id', 'url', 'name', 'description', 'icon', 'tags', 'markdown');
export const Preset = fields('ID', 'Name', 'Parameters');
export const GenerateAPIKeyResponse = fields('key');
export const ResolveAutostartResponse = fields('parameter_mismatch');
export const UploadResponse = fields('hash');
export const LoginWithPasswordResponse = fields('session_token');
export const UserLoginType = fields('login_type');
export const TokenConfig = fields('max_token_lifetime');
export const AuthorizationResponse = z.record(z.string(), z.boolean());
export const WorkspaceAgentListeningPortsResponse = fields('ports');
export const WorkspaceAgentPortShares = fields('shares');
export const WorkspaceAgentLog = fields('id', 'created_at', 'output', 'level', 'source_id');
export const ProvisionerJobLog = fields('id', 'created_at', 'log_source', 'log_level', 'stage', 'output');
export const ExternalAuthLinkProvider = fields('providers', 'links');
export const ExternalAuth = fields('authenticated', 'device', 'display_name', 'user', 'app_installable', 'installations', 'app_install_url');
export const UserNotificationPreference = fields('id', 'disabled', 'updated_at');
export const NotificationMethodsResponse = fields('available', 'default');
export const AvailableExperiments = fields('safe');
export const Response = fields('message');
export const ValidateUserPasswordResponse = fields('valid', 'details');
export const DeploymentConfig = fields('config', 'options');
export const AppHostResponse = fields('host');
const healthSection = (...names: string[]) => fields('severity', 'warnings', 'dismissed', ...names);
export const HealthcheckReport = z.looseObject({
  ...fields('time', 'healthy', 'severity', 'coder_version').shape,
  derp: healthSection('healthy', 'regions', 'netcheck_logs'),
  access_url: healthSection('healthy', 'access_url', 'reachable', 'status_code', 'healthz_response'),
  websocket: healthSection('healthy', 'body', 'code'),
  database: healthSection('healthy', 'reachable', 'latency', 'latency_ms', 'threshold_ms'),
  workspace_proxy: healthSection('healthy', 'workspace_proxies'),
  provisioner_daemons: healthSection('items'),
});
export const HealthSettings = fields('dismissed_healthchecks');
export const WorkspacesResponse = z.looseObject({ workspaces: z.array(Workspace), count: z.number() });
export const GetUsersResponse = z.looseObject({ users: z.array(User), count: z.number() });
export const PaginatedMembersResponse = z.looseObject({ members: z.array(OrganizationMemberWithUserData), count: z.number() });
export const RegionsResponse = z.looseObject({ regions: z.array(Region) });
