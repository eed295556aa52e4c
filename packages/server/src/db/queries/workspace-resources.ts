import type { Queryable } from '../database';

export interface WorkspaceResourceRow {
  id: string;
  created_at: Date;
  job_id: string;
  transition: 'start' | 'stop' | 'delete';
  type: string;
  name: string;
  hide: boolean;
  icon: string;
  instance_type: string;
  daily_cost: number;
  module_path: string;
}

export interface ResourceMetadataRow {
  id: number;
  workspace_resource_id: string;
  key: string;
  value: string | null;
  sensitive: boolean;
}

export interface WorkspaceAgentRow {
  id: string;
  created_at: Date;
  updated_at: Date;
  resource_id: string;
  name: string;
  auth_token: string;
  auth_instance_id: string | null;
  architecture: string;
  operating_system: string;
  environment_variables: Record<string, string>;
  directory: string;
  connection_timeout_seconds: number;
  troubleshooting_url: string;
  motd_file: string;
  display_apps: string[];
  api_key_scope: string;
  display_order: number;
  first_connected_at: Date | null;
  last_connected_at: Date | null;
  disconnected_at: Date | null;
  started_at: Date | null;
  ready_at: Date | null;
  lifecycle_state: string;
  version: string;
  api_version: string;
  logs_length: number;
  logs_overflowed: boolean;
  expanded_directory: string;
}

export interface WorkspaceAppRow {
  id: string;
  created_at: Date;
  agent_id: string;
  slug: string;
  display_name: string;
  icon: string;
  command: string | null;
  url: string | null;
  external: boolean;
  subdomain: boolean;
  sharing_level: string;
  healthcheck_url: string;
  healthcheck_interval: number;
  healthcheck_threshold: number;
  health: string;
  display_order: number;
  hidden: boolean;
  open_in: string;
  display_group: string;
}

export interface AgentScriptRow {
  id: string;
  workspace_agent_id: string;
  log_source_id: string;
  created_at: Date;
  display_name: string;
  log_path: string;
  script: string;
  cron: string;
  start_blocks_login: boolean;
  run_on_start: boolean;
  run_on_stop: boolean;
  timeout_seconds: number;
}

export interface AgentLogSourceRow {
  id: string;
  workspace_agent_id: string;
  created_at: Date;
  display_name: string;
  icon: string;
}

export async function insertWorkspaceResource(q: Queryable, r: Omit<WorkspaceResourceRow, never>): Promise<void> {
  await q.query(
    `INSERT INTO workspace_resources (id, created_at, job_id, transition, type, name, hide, icon, instance_type, daily_cost, module_path)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [r.id, r.created_at, r.job_id, r.transition, r.type, r.name, r.hide, r.icon, r.instance_type, r.daily_cost, r.module_path],
  );
}

export async function insertResourceMetadata(q: Queryable, resourceId: string, items: Array<{ key: string; value: string | null; sensitive: boolean }>): Promise<void> {
  if (items.length === 0) return;
  await q.query(
    `INSERT INTO workspace_resource_metadata (workspace_resource_id, key, value, sensitive)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::boolean[])`,
    [resourceId, items.map((i) => i.key), items.map((i) => i.value), items.map((i) => i.sensitive)],
  );
}

export async function insertWorkspaceAgent(
  q: Queryable,
  a: Pick<
    WorkspaceAgentRow,
    | 'id' | 'created_at' | 'resource_id' | 'name' | 'auth_token' | 'auth_instance_id' | 'architecture' | 'operating_system'
    | 'environment_variables' | 'directory' | 'connection_timeout_seconds' | 'troubleshooting_url' | 'motd_file'
    | 'display_apps' | 'api_key_scope' | 'display_order'
  >,
): Promise<void> {
  await q.query(
    `INSERT INTO workspace_agents (id, created_at, updated_at, resource_id, name, auth_token, auth_instance_id, architecture,
       operating_system, environment_variables, directory, connection_timeout_seconds, troubleshooting_url, motd_file,
       display_apps, api_key_scope, display_order)
     VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [
      a.id, a.created_at, a.resource_id, a.name, a.auth_token, a.auth_instance_id, a.architecture, a.operating_system,
      JSON.stringify(a.environment_variables), a.directory, a.connection_timeout_seconds, a.troubleshooting_url, a.motd_file,
      a.display_apps, a.api_key_scope, a.display_order,
    ],
  );
}

export async function insertAgentMetadataDescription(
  q: Queryable,
  m: { agentId: string; key: string; displayName: string; script: string; interval: number; timeout: number; order: number },
): Promise<void> {
  await q.query(
    `INSERT INTO workspace_agent_metadata_descriptions (workspace_agent_id, key, display_name, script, interval_seconds, timeout_seconds, display_order)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    [m.agentId, m.key, m.displayName, m.script, m.interval, m.timeout, m.order],
  );
}

export async function insertAgentLogSource(q: Queryable, s: AgentLogSourceRow): Promise<void> {
  await q.query(
    'INSERT INTO workspace_agent_log_sources (id, workspace_agent_id, created_at, display_name, icon) VALUES ($1, $2, $3, $4, $5)',
    [s.id, s.workspace_agent_id, s.created_at, s.display_name, s.icon],
  );
}

export async function insertAgentScript(q: Queryable, s: AgentScriptRow): Promise<void> {
  await q.query(
    `INSERT INTO workspace_agent_scripts (id, workspace_agent_id, log_source_id, created_at, display_name, log_path, script, cron,
       start_blocks_login, run_on_start, run_on_stop, timeout_seconds)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [s.id, s.workspace_agent_id, s.log_source_id, s.created_at, s.display_name, s.log_path, s.script, s.cron,
      s.start_blocks_login, s.run_on_start, s.run_on_stop, s.timeout_seconds],
  );
}

export async function insertWorkspaceApp(q: Queryable, a: Omit<WorkspaceAppRow, 'health'> & { health: string }): Promise<void> {
  await q.query(
    `INSERT INTO workspace_apps (id, created_at, agent_id, slug, display_name, icon, command, url, external, subdomain, sharing_level,
       healthcheck_url, healthcheck_interval, healthcheck_threshold, health, display_order, hidden, open_in, display_group)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
    [a.id, a.created_at, a.agent_id, a.slug, a.display_name, a.icon, a.command, a.url, a.external, a.subdomain, a.sharing_level,
      a.healthcheck_url, a.healthcheck_interval, a.healthcheck_threshold, a.health, a.display_order, a.hidden, a.open_in, a.display_group],
  );
}

/** Everything needed to show the resources of some jobs. */
export interface ResourceGraph {
  resources: WorkspaceResourceRow[];
  metadata: ResourceMetadataRow[];
  agents: WorkspaceAgentRow[];
  apps: WorkspaceAppRow[];
  scripts: AgentScriptRow[];
  logSources: AgentLogSourceRow[];
}

export async function loadResourceGraph(q: Queryable, jobIds: string[]): Promise<ResourceGraph> {
  const resources = (await q.query<WorkspaceResourceRow>(
    'SELECT * FROM workspace_resources WHERE job_id = ANY ($1::uuid[]) ORDER BY name, id',
    [jobIds],
  )).rows;
  const ids = resources.map((r) => r.id);
  const metadata = (await q.query<ResourceMetadataRow>(
    'SELECT * FROM workspace_resource_metadata WHERE workspace_resource_id = ANY ($1::uuid[]) ORDER BY id',
    [ids],
  )).rows;
  const agents = (await q.query<WorkspaceAgentRow>(
    'SELECT * FROM workspace_agents WHERE resource_id = ANY ($1::uuid[]) ORDER BY display_order, name',
    [ids],
  )).rows;
  const agentIds = agents.map((a) => a.id);
  const apps = (await q.query<WorkspaceAppRow>(
    'SELECT * FROM workspace_apps WHERE agent_id = ANY ($1::uuid[]) ORDER BY display_order, slug',
    [agentIds],
  )).rows;
  const scripts = (await q.query<AgentScriptRow>(
    'SELECT * FROM workspace_agent_scripts WHERE workspace_agent_id = ANY ($1::uuid[]) ORDER BY created_at, id',
    [agentIds],
  )).rows;
  const logSources = (await q.query<AgentLogSourceRow>(
    'SELECT * FROM workspace_agent_log_sources WHERE workspace_agent_id = ANY ($1::uuid[]) ORDER BY created_at, id',
    [agentIds],
  )).rows;
  return { resources, metadata, agents, apps, scripts, logSources };
}
