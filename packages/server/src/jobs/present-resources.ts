import type { WorkspaceAgent, WorkspaceAgentStatus, WorkspaceApp, WorkspaceResource } from '@warren/sdk';
import type { Queryable } from '../db/database';
import { loadResourceGraph, type ResourceGraph, type WorkspaceAgentRow } from '../db/queries/workspace-resources';
import { iso } from '../users/convert';

/** An agent that has not sent a heartbeat for this long counts as disconnected. */
const AGENT_INACTIVE_MS = 30_000;

export function agentStatus(
  a: Pick<WorkspaceAgentRow, 'created_at' | 'first_connected_at' | 'last_connected_at' | 'disconnected_at' | 'connection_timeout_seconds'>,
  now: Date,
): WorkspaceAgentStatus {
  if (!a.first_connected_at || !a.last_connected_at) {
    const waited = now.getTime() - a.created_at.getTime();
    return a.connection_timeout_seconds > 0 && waited > a.connection_timeout_seconds * 1000 ? 'timeout' : 'connecting';
  }
  if (a.disconnected_at && a.disconnected_at >= a.last_connected_at) return 'disconnected';
  if (now.getTime() - a.last_connected_at.getTime() > AGENT_INACTIVE_MS) return 'disconnected';
  return 'connected';
}

const optionalIso = (d: Date | null) => (d ? { value: iso(d) } : undefined);

function presentAgent(g: ResourceGraph, a: WorkspaceAgentRow, now: Date): WorkspaceAgent {
  const status = agentStatus(a, now);
  const apps: WorkspaceApp[] = g.apps
    .filter((app) => app.agent_id === a.id)
    .map((app) => ({
      id: app.id,
      url: app.url ?? '',
      external: app.external,
      slug: app.slug,
      display_name: app.display_name,
      ...(app.command ? { command: app.command } : {}),
      ...(app.icon ? { icon: app.icon } : {}),
      subdomain: app.subdomain,
      sharing_level: app.sharing_level as WorkspaceApp['sharing_level'],
      healthcheck: { url: app.healthcheck_url, interval: app.healthcheck_interval, threshold: app.healthcheck_threshold },
      health: app.health as WorkspaceApp['health'],
      hidden: app.hidden,
      open_in: app.open_in as WorkspaceApp['open_in'],
      ...(app.display_group ? { group: app.display_group } : {}),
      statuses: [],
    }));
  const agent: WorkspaceAgent = {
    id: a.id,
    created_at: iso(a.created_at),
    updated_at: iso(a.updated_at),
    status,
    lifecycle_state: a.lifecycle_state,
    name: a.name,
    resource_id: a.resource_id,
    architecture: a.architecture,
    environment_variables: a.environment_variables,
    operating_system: a.operating_system,
    logs_length: a.logs_length,
    logs_overflowed: a.logs_overflowed,
    directory: a.directory,
    expanded_directory: a.expanded_directory,
    version: a.version,
    api_version: a.api_version,
    apps,
    connection_timeout_seconds: a.connection_timeout_seconds,
    troubleshooting_url: a.troubleshooting_url,
    subsystems: [],
    health:
      status === 'connected'
        ? { healthy: true }
        : { healthy: false, reason: status === 'timeout' ? 'agent is taking too long to connect' : 'agent is not connected' },
    display_apps: a.display_apps,
    log_sources: g.logSources
      .filter((s) => s.workspace_agent_id === a.id)
      .map((s) => ({ workspace_agent_id: s.workspace_agent_id, id: s.id, created_at: iso(s.created_at), display_name: s.display_name, icon: s.icon })),
    scripts: g.scripts
      .filter((s) => s.workspace_agent_id === a.id)
      .map((s) => ({
        id: s.id,
        log_source_id: s.log_source_id,
        log_path: s.log_path,
        script: s.script,
        cron: s.cron,
        run_on_start: s.run_on_start,
        run_on_stop: s.run_on_stop,
        start_blocks_login: s.start_blocks_login,
        timeout: s.timeout_seconds * 1_000_000_000,
        display_name: s.display_name,
      })),
    startup_script_behavior: g.scripts.some((s) => s.workspace_agent_id === a.id && s.start_blocks_login) ? 'blocking' : 'non-blocking',
  };
  if (a.auth_instance_id) agent.instance_id = a.auth_instance_id;
  for (const key of ['first_connected_at', 'last_connected_at', 'disconnected_at', 'started_at', 'ready_at'] as const) {
    const v = optionalIso(a[key]);
    if (v) agent[key] = v.value;
  }
  return agent;
}

/** The resources of each job, sorted by name, sensitive metadata blanked. */
export async function presentResources(
  q: Queryable,
  jobIds: string[],
  now: Date,
): Promise<Map<string, WorkspaceResource[]>> {
  const g = await loadResourceGraph(q, jobIds);
  const out = new Map<string, WorkspaceResource[]>(jobIds.map((id) => [id, []]));
  for (const r of g.resources) {
    const agents = g.agents.filter((a) => a.resource_id === r.id).map((a) => presentAgent(g, a, now));
    const metadata = g.metadata
      .filter((m) => m.workspace_resource_id === r.id)
      .map((m) => ({ key: m.key, value: m.sensitive ? '' : (m.value ?? ''), sensitive: m.sensitive }));
    out.get(r.job_id)?.push({
      id: r.id,
      created_at: iso(r.created_at),
      job_id: r.job_id,
      workspace_transition: r.transition,
      type: r.type,
      name: r.name,
      hide: r.hide,
      icon: r.icon,
      agents,
      metadata,
      daily_cost: r.daily_cost,
    });
  }
  return out;
}
