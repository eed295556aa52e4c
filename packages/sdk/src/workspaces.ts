import { z } from 'zod';
import type { ProvisionerJob } from './jobs';
import type { MatchedProvisioners } from './jobs';
import type { WorkspaceTransition } from './provisionerd';
import { nameSchema } from './users';

export type WorkspaceStatus =
  | 'pending'
  | 'starting'
  | 'running'
  | 'stopping'
  | 'stopped'
  | 'failed'
  | 'canceling'
  | 'canceled'
  | 'deleting'
  | 'deleted';

export const workspaceBuildParameter = z.object({ name: z.string(), value: z.string() });
export type WorkspaceBuildParameter = z.infer<typeof workspaceBuildParameter>;

export const createWorkspaceRequest = z.object({
  template_id: z.string().uuid().optional(),
  template_version_id: z.string().uuid().optional(),
  name: nameSchema,
  autostart_schedule: z.string().nullable().optional(),
  ttl_ms: z.number().int().nonnegative().nullable().optional(),
  rich_parameter_values: z.array(workspaceBuildParameter).optional(),
  automatic_updates: z.enum(['always', 'never', '']).optional(),
  /** The preset (`coder_workspace_preset`) the parameters were filled from, as Coder's dashboard sends it. */
  template_version_preset_id: z.string().uuid().optional(),
});
export type CreateWorkspaceRequest = z.infer<typeof createWorkspaceRequest>;

/** `PUT /workspaces/{id}/autostart`: a weekly cron schedule (`CRON_TZ=Europe/Dublin 30 9 * * 1-5`), or none. */
export const updateWorkspaceAutostartRequest = z.object({
  schedule: z.string().max(256).nullable().optional(),
});
export type UpdateWorkspaceAutostartRequest = z.infer<typeof updateWorkspaceAutostartRequest>;

/** `PUT /workspaces/{id}/ttl`: how long after a start the workspace stops; null or 0 for never. */
export const updateWorkspaceTtlRequest = z.object({
  ttl_ms: z.number().int().nullable().optional(),
});
export type UpdateWorkspaceTtlRequest = z.infer<typeof updateWorkspaceTtlRequest>;

/** `PUT /workspaces/{id}/extend`: the running workspace's new stop time. */
export const putExtendWorkspaceRequest = z.object({
  deadline: z.iso.datetime({ offset: true }),
});
export type PutExtendWorkspaceRequest = z.infer<typeof putExtendWorkspaceRequest>;

/** `PUT /workspaces/{id}/autoupdates`: `always` starts the template's active version on every start. */
export const updateWorkspaceAutomaticUpdatesRequest = z.object({
  automatic_updates: z.string().max(16),
});
export type UpdateWorkspaceAutomaticUpdatesRequest = z.infer<typeof updateWorkspaceAutomaticUpdatesRequest>;

/** `PATCH /workspaces/{id}`: a new name (when the deployment allows renames). */
export const updateWorkspaceRequest = z.object({
  name: nameSchema.optional(),
});
export type UpdateWorkspaceRequest = z.infer<typeof updateWorkspaceRequest>;

export const createWorkspaceBuildRequest = z.object({
  transition: z.enum(['start', 'stop', 'delete']),
  template_version_id: z.string().uuid().optional(),
  dry_run: z.boolean().optional(),
  /** Base64 terraform state (admins only). */
  state: z.string().optional(),
  orphan: z.boolean().optional(),
  rich_parameter_values: z.array(workspaceBuildParameter).optional(),
  log_level: z.enum(['debug', '']).optional(),
  reason: z.string().optional(),
});
export type CreateWorkspaceBuildRequest = z.infer<typeof createWorkspaceBuildRequest>;

export interface WorkspaceResourceMetadata {
  key: string;
  value: string;
  sensitive: boolean;
}

export interface WorkspaceAgentScript {
  id: string;
  log_source_id: string;
  log_path: string;
  script: string;
  cron: string;
  run_on_start: boolean;
  run_on_stop: boolean;
  start_blocks_login: boolean;
  /** Go duration: nanoseconds. */
  timeout: number;
  display_name: string;
}

export interface WorkspaceAgentLogSource {
  workspace_agent_id: string;
  id: string;
  created_at: string;
  display_name: string;
  icon: string;
}

export interface WorkspaceApp {
  id: string;
  url: string;
  external: boolean;
  slug: string;
  display_name: string;
  command?: string;
  icon?: string;
  subdomain: boolean;
  subdomain_name?: string;
  sharing_level: 'owner' | 'authenticated' | 'organization' | 'public';
  healthcheck: { url: string; interval: number; threshold: number };
  health: 'disabled' | 'initializing' | 'healthy' | 'unhealthy';
  hidden: boolean;
  open_in: 'slim-window' | 'tab';
  /** Apps with the same group are shown together (coder_app's `group`); absent when none. */
  group?: string;
  statuses: unknown[];
}

export type WorkspaceAgentStatus = 'connecting' | 'connected' | 'disconnected' | 'timeout';

export interface WorkspaceAgent {
  id: string;
  created_at: string;
  updated_at: string;
  first_connected_at?: string;
  last_connected_at?: string;
  disconnected_at?: string;
  started_at?: string;
  ready_at?: string;
  status: WorkspaceAgentStatus;
  lifecycle_state: string;
  name: string;
  resource_id: string;
  instance_id?: string;
  architecture: string;
  environment_variables: Record<string, string>;
  operating_system: string;
  logs_length: number;
  logs_overflowed: boolean;
  directory?: string;
  expanded_directory?: string;
  version: string;
  api_version: string;
  apps: WorkspaceApp[];
  connection_timeout_seconds: number;
  troubleshooting_url: string;
  subsystems: string[];
  health: { healthy: boolean; reason?: string };
  display_apps: string[];
  log_sources: WorkspaceAgentLogSource[];
  scripts: WorkspaceAgentScript[];
  startup_script_behavior: 'blocking' | 'non-blocking';
}

export interface WorkspaceResource {
  id: string;
  created_at: string;
  job_id: string;
  workspace_transition: WorkspaceTransition;
  type: string;
  name: string;
  hide: boolean;
  icon: string;
  agents?: WorkspaceAgent[];
  metadata?: WorkspaceResourceMetadata[];
  daily_cost: number;
}

export interface WorkspaceBuild {
  id: string;
  created_at: string;
  updated_at: string;
  workspace_id: string;
  workspace_name: string;
  workspace_owner_id: string;
  workspace_owner_name: string;
  workspace_owner_avatar_url: string;
  template_version_id: string;
  template_version_name: string;
  build_number: number;
  transition: WorkspaceTransition;
  initiator_id: string;
  initiator_name: string;
  job: ProvisionerJob;
  reason: string;
  resources: WorkspaceResource[];
  deadline?: string | null;
  max_deadline?: string | null;
  status: WorkspaceStatus;
  daily_cost: number;
  matched_provisioners?: MatchedProvisioners;
}

export interface Workspace {
  id: string;
  created_at: string;
  updated_at: string;
  owner_id: string;
  owner_name: string;
  owner_avatar_url: string;
  organization_id: string;
  organization_name: string;
  template_id: string;
  template_name: string;
  template_display_name: string;
  template_icon: string;
  template_allow_user_cancel_workspace_jobs: boolean;
  template_active_version_id: string;
  template_require_active_version: boolean;
  latest_build: WorkspaceBuild;
  latest_app_status: null;
  outdated: boolean;
  name: string;
  autostart_schedule?: string;
  ttl_ms?: number;
  last_used_at: string;
  deleting_at: string | null;
  dormant_at: string | null;
  health: { healthy: boolean; failing_agents: string[] };
  automatic_updates: 'always' | 'never';
  allow_renames: boolean;
  favorite: boolean;
  next_start_at: string | null;
  /** Warren extension read by the Open OnDemand adapter: the same value as `name`. */
  workspace_name: string;
  /** Warren extension read by the Open OnDemand adapter: the same value as `owner_name`. */
  workspace_owner_name: string;
}

export interface WorkspacesResponse {
  workspaces: Workspace[];
  count: number;
}

/** `GET /api/v2/workspaces/{id}/resolve-autostart`: whether an automatic start would fail on parameters. */
export interface ResolveAutostartResponse {
  parameter_mismatch: boolean;
}

/** `POST /api/v2/workspaces/{id}/usage`: the workspace is being used (a terminal, an app...); both fields optional. */
export const postWorkspaceUsageRequest = z.object({
  agent_id: z.uuid().optional(),
  app_name: z.enum(['vscode', 'jetbrains', 'reconnecting-pty', 'ssh']).optional(),
});
export type PostWorkspaceUsageRequest = z.infer<typeof postWorkspaceUsageRequest>;

/** `GET /api/v2/workspaces/{id}/port-share`. */
export interface WorkspaceAgentPortShares {
  shares: Array<{ workspace_id: string; agent_name: string; port: number; share_level: 'owner' | 'authenticated' | 'organization' | 'public'; protocol: 'http' | 'https' }>;
}
